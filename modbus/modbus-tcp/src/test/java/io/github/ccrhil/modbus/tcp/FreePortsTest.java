package io.github.ccrhil.modbus.tcp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The free ports a test names before its servers listen can then be listened on. */
class FreePortsTest {

    @Test
    void fiveConsecutivePortsCanAllBeListenedOnBelowTheEphemeralRange() throws Exception {
        int base = FreePorts.consecutive(5);
        assertTrue(base >= FreePorts.LOWEST && base + 5 <= FreePorts.BELOW, "base " + base);
        List<ServerSocket> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                servers.add(new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress()));
            }
        } finally {
            for (ServerSocket s : servers) {
                s.close();
            }
        }
    }

    @Test
    void oneFreePortCanBeListenedOn() throws Exception {
        int port = FreePorts.one();
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            org.junit.jupiter.api.Assertions.assertEquals(port, s.getLocalPort());
        }
    }

    @Test
    void aSillyCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FreePorts.consecutive(0));
    }
}
