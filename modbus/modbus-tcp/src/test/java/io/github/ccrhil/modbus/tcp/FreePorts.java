package io.github.ccrhil.modbus.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback for tests that must name a port before something listens on it (a
 * child process, a site file, a PLC served on base port + i). Each port is free when it is
 * returned; a test that can bind port 0 itself should. Shared with the water verifier's and the
 * integration tests through this module's test jar.
 */
public final class FreePorts {

    /** Consecutive ranges are looked for below Linux's ephemeral range (32768 up), where clients' own ports come from. */
    static final int LOWEST = 20_000;
    static final int BELOW = 32_768;
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** One free port on loopback, as the OS hands out for port 0. */
    public static int one() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive free ports on loopback (for servers on base port + i). */
    public static int consecutive(int n) throws IOException {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("1 to 100 consecutive ports, not " + n);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, BELOW - n);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    held.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException inUse) {
                // try another range
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no " + n + " consecutive free ports on loopback in " + ATTEMPTS + " attempts");
    }
}
