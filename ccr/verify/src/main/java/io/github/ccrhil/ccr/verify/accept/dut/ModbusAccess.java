package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.profile.Profile;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The DUT's remote interface as Modbus, for the security procedures: the verifier's own client
 * and the DUT's register profile (to write every writable point by every write function code and
 * to read the holding registers back), and, where the DUT is reached over Modbus/TCP, its address
 * (to which hostile traffic is sent on connections of its own).
 *
 * @param client the verifier's client (every transaction has its deadline)
 * @param profile the DUT's register profile, as the plan names it
 * @param tcp the DUT's Modbus/TCP address; empty over RTU
 * @param where how the DUT is reached, for the records
 * @param probes over Modbus/TCP Security ({@code where} starts {@code tls:}), the other clients the
 *     authority procedure presents
 */
public record ModbusAccess(ModbusClient client, Profile profile, Optional<InetSocketAddress> tcp, String where, TlsProbes probes) {

    public ModbusAccess {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(probes, "probes");
    }

    public ModbusAccess(ModbusClient client, Profile profile, Optional<InetSocketAddress> tcp, String where) {
        this(client, profile, tcp, where, TlsProbes.NONE);
    }

    /** The address in a description that starts {@code tls:<host>:<port>} (Modbus/TCP Security); empty otherwise. */
    public static Optional<InetSocketAddress> tlsAddress(String where) {
        return where != null && where.startsWith("tls:") ? tcpAddress("tcp:" + where.substring(4)) : Optional.empty();
    }

    /**
     * The TCP address in a description that starts {@code tcp:<host>:<port>} (anything after the
     * first space is ignored); empty otherwise.
     */
    public static Optional<InetSocketAddress> tcpAddress(String where) {
        if (where == null || !where.startsWith("tcp:")) {
            return Optional.empty();
        }
        String hp = where.substring(4).split(" ", 2)[0];
        int colon = hp.lastIndexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
