package io.github.ccrhil.cli;

import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a link goes: {@code --rtu <tty>} or {@code --tcp <host:port>}, with serial settings. */
public final class LinkOptions {

    @Option(names = "--rtu", paramLabel = "<tty>", description = "Modbus RTU on this serial port (e.g. /dev/ttyUSB0 or a socat pty link)")
    String rtu;

    @Option(names = "--tcp", paramLabel = "<host:port>", description = "Modbus/TCP endpoint, e.g. 127.0.0.1:5020")
    String tcp;

    @Option(names = "--baud", defaultValue = "19200", description = "RTU baud rate (default ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--parity", defaultValue = "none", description = "RTU parity: none, even, odd (default ${DEFAULT-VALUE})")
    String parity;

    @Option(names = "--stop-bits", defaultValue = "1", description = "RTU stop bits: 1 or 2 (default ${DEFAULT-VALUE})")
    int stopBits;

    @Option(names = "--line-timing", description = "emulate RS-485 character time and the 3.5-character gap (for ptys)")
    boolean lineTiming;

    @Option(names = "--tls-key", paramLabel = "<file.p12>",
            description = "Modbus/TCP Security (TLS 1.3/1.2, mutual authentication; port 802 is the standard one): this end's key and "
                    + "certificate chain, PKCS#12; its password is read from the environment variable CCRHIL_TLS_PASSWORD")
    java.nio.file.Path tlsKey;

    @Option(names = "--tls-trust", paramLabel = "<file.p12>",
            description = "with --tls-key: the CA certificates the other end's certificate must chain to, PKCS#12 (same password)")
    java.nio.file.Path tlsTrust;

    @Option(names = "--allow", paramLabel = "<address[/prefix]>", split = ",",
            description = "TCP server: only these client addresses may connect, e.g. 10.1.0.0/16,192.168.5.7 (default: any)")
    java.util.List<String> allow = new java.util.ArrayList<>();

    @Option(names = "--max-connections", defaultValue = "32",
            description = "TCP server: connections served at once; at the limit an idle one (1 s without a request) is reclaimed for a new client (default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--timeout", defaultValue = "2s", description = "transaction timeout, e.g. 500ms, 2s; a bare number is ms (default ${DEFAULT-VALUE})")
    String timeout;

    void requireExactlyOne() {
        if ((rtu == null) == (tcp == null)) {
            throw new IllegalArgumentException("give exactly one of --rtu <tty> or --tcp <host:port>");
        }
    }

    SerialSettings serial() {
        SerialSettings.Parity p = switch (parity.toLowerCase(java.util.Locale.ROOT)) {
            case "none", "n" -> SerialSettings.Parity.NONE;
            case "even", "e" -> SerialSettings.Parity.EVEN;
            case "odd", "o" -> SerialSettings.Parity.ODD;
            default -> throw new IllegalArgumentException("--parity must be none, even or odd, was " + parity);
        };
        return new SerialSettings(rtu, baud, 8, p, stopBits);
    }

    LineTiming timing() {
        return lineTiming ? LineTiming.of(serial()) : null;
    }

    InetSocketAddress tcpAddress() {
        int colon = tcp.lastIndexOf(':');
        if (colon <= 0 || colon == tcp.length() - 1) {
            throw new IllegalArgumentException("--tcp must be host:port, was " + tcp);
        }
        int port;
        try {
            port = Integer.parseInt(tcp.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--tcp port is not a number: " + tcp);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--tcp port outside 0..65535: " + tcp);
        }
        return new InetSocketAddress(tcp.substring(0, colon), port);
    }

    /** The TLS settings of {@code --tls-key}/{@code --tls-trust}, or null for plain Modbus/TCP. */
    io.github.ccrhil.modbus.tcp.TlsSettings tls() {
        if (tlsKey == null && tlsTrust == null) {
            return null;
        }
        if (tlsKey == null || tlsTrust == null) {
            throw new IllegalArgumentException("Modbus/TCP Security needs both --tls-key and --tls-trust");
        }
        if (rtu != null) {
            throw new IllegalArgumentException("--tls-key applies to --tcp only");
        }
        return tls(tlsKey, tlsTrust);
    }

    /** TLS settings from PKCS#12 files, the password from {@code CCRHIL_TLS_PASSWORD}. */
    static io.github.ccrhil.modbus.tcp.TlsSettings tls(java.nio.file.Path tlsKey, java.nio.file.Path tlsTrust) {
        String password = System.getenv("CCRHIL_TLS_PASSWORD");
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try {
            return io.github.ccrhil.modbus.tcp.TlsSettings.fromPkcs12(tlsKey, pw, tlsTrust, pw);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The server's connection limits from {@code --allow} and {@code --max-connections}. */
    io.github.ccrhil.modbus.tcp.ConnectionLimits limits() {
        java.util.List<io.github.ccrhil.modbus.tcp.AddressRange> ranges = new java.util.ArrayList<>();
        for (String a : allow) {
            ranges.add(io.github.ccrhil.modbus.tcp.AddressRange.parse(a));
        }
        return io.github.ccrhil.modbus.tcp.ConnectionLimits.defaults().withAllowedClients(ranges).withMaxConnections(maxConnections);
    }

    Duration timeoutDuration() {
        return parseDuration(timeout, "--timeout");
    }

    static Duration parseDuration(String text, String option) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.matches("\\d+")) {
                return Duration.ofMillis(Long.parseLong(t));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(StrictMath.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            }
            if (t.endsWith("min")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 3).trim()) * 60);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " must be a duration like 500ms, 2s or 5min, was " + text);
    }

    /** RTU through j2mod over our jssc port; TCP through our {@link ModbusTcpClient}. */
    ModbusClient client() {
        requireExactlyOne();
        return rtu != null ? J2modClient.rtu(serial(), timing(), timeoutDuration())
                : new ModbusTcpClient(tcpAddress(), timeoutDuration(), tls());
    }

    String describe() {
        return rtu != null ? "RTU " + rtu + " " + baud + " baud" + (lineTiming ? " (line timing emulated)" : "")
                : (tlsKey != null ? "TLS " : "TCP ") + tcp;
    }
}
