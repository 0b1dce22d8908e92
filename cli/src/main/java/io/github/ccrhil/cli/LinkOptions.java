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
                : new ModbusTcpClient(tcpAddress(), timeoutDuration());
    }

    String describe() {
        return rtu != null ? "RTU " + rtu + " " + baud + " baud" + (lineTiming ? " (line timing emulated)" : "") : "TCP " + tcp;
    }
}
