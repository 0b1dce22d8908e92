package io.github.ccrhil.modbus.tcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A block of client addresses, written {@code 192.168.10.0/24}, {@code 10.1.2.3} (one host) or
 * {@code ::1/128}.
 *
 * @param network the first address of the block (its host bits are ignored)
 * @param prefixLength leading bits that must match, 0..32 for IPv4, 0..128 for IPv6
 */
public record AddressRange(InetAddress network, int prefixLength) {

    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + bits + " for " + network.getHostAddress());
        }
    }

    /**
     * Parses {@code address[/prefix]}; only numeric addresses, never a name lookup.
     *
     * @throws IllegalArgumentException with a one-line reason for anything else
     */
    public static AddressRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (host.isEmpty() || !(host.matches("[0-9.]+") || host.contains(":"))) {
            throw new IllegalArgumentException("not a numeric address: '" + text + "'");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(host); // numeric: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: '" + text + "'");
        }
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: '" + text + "'");
            }
        }
        return new AddressRange(a, prefix);
    }

    /** Whether {@code address} lies in this block (an IPv4 address never matches an IPv6 block). */
    public boolean contains(InetAddress address) {
        byte[] n = network.getAddress();
        byte[] a = address.getAddress();
        if (n.length != a.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (n[i] != a[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (n[full] & mask) == (a[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
