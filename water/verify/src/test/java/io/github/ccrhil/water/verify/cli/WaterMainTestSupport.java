package io.github.ccrhil.water.verify.cli;

import java.util.List;

/** Helpers of the tests that start the water commands. */
public final class WaterMainTestSupport {
    private WaterMainTestSupport() {
    }

    /** Five consecutive free ports on loopback, for PLCs served on base port + i. */
    public static int freeBasePort() throws Exception {
        java.util.Random r = new java.util.Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + r.nextInt(30_000);
            List<java.net.ServerSocket> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(new java.net.ServerSocket(base + i, 1, java.net.InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (java.io.IOException inUse) {
                // try another range
            } finally {
                for (java.net.ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IllegalStateException("no five consecutive free ports");
    }

}
