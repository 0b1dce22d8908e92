package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.ProtectionSettings;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.link.MalformedFrames;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The reported LINK_LOSS under fuzz: the reference CCR regulating step 3 in real time, its
 * master polling every 250 ms, while four clients send seeded malformed, random and mutated
 * frames at full rate, one connection per frame (about 1,300 frames/s here). The CCR must not lose the
 * link, trip or change configuration, and the master must be answered throughout.
 */
class FuzzWhilePollingIT {

    /**
     * 10,000 in the test command; the soak (README, "Security") runs it with
     * {@code -Dccrhil.soak.frames=1000000}.
     */
    static final int FRAMES = Integer.getInteger("ccrhil.soak.frames", 10_000);
    static final int FUZZERS = 4;

    @Test
    void malformedFramesAtFullRateNeitherLoseTheLinkNorChangeTheConfiguration() {
        // 2 minutes for the test command's run, more for a soak (at least 500 frames/s)
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120 + FRAMES / 500),
                this::fuzzWhilePolling);
    }

    private void fuzzWhilePolling() throws Exception {
        ServedReferenceCcr ccr = new ServedReferenceCcr();
        try (ModbusTcpServer server = new ModbusTcpServer(ccr.device.serverCore(),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             FirmwareLoop firmware = ccr.startFirmware();
             ModbusTcpClient masterLink = new ModbusTcpClient(server.address(), Duration.ofSeconds(1))) {
            ProfileClient master = new ProfileClient(masterLink, ccr.device.profile());
            master.write("command_step", 3);
            long settle = System.nanoTime() + 20_000_000_000L;
            while (master.readNumber("actual_step") != 3.0) {
                assertTrue(System.nanoTime() < settle, "step 3 not reached");
                LockSupport.parkNanos(50_000_000);
            }
            BoardStatus before;
            ProtectionSettings settingsBefore;
            synchronized (ccr.lock) {
                before = ccr.board.status();
                settingsBefore = ccr.board.settings();
            }

            AtomicLong sent = new AtomicLong();
            List<Thread> fuzzers = new ArrayList<>();
            for (int f = 0; f < FUZZERS; f++) {
                MalformedFrames frames = new MalformedFrames(1000 + f);
                Thread t = new Thread(() -> fuzz(server.address(), frames, FRAMES / FUZZERS, sent), "fuzzer-" + f);
                t.setDaemon(true);
                fuzzers.add(t);
                t.start();
            }
            long polls = 0;
            long worstNanos = 0;
            while (fuzzers.stream().anyMatch(Thread::isAlive)) {
                long t0 = System.nanoTime();
                master.readNumber("output_current"); // a link fault here fails the test
                worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                polls++;
                LockSupport.parkNanos(250_000_000);
            }
            assertEquals(FRAMES, sent.get(), "every frame sent");

            BoardStatus after;
            synchronized (ccr.lock) {
                after = ccr.board.status();
                assertEquals(settingsBefore, ccr.board.settings(), "configuration unchanged");
            }
            assertEquals(before.counters().linkLosses(), after.counters().linkLosses(), "no link loss");
            assertFalse(after.activeAlarms().contains(Alarm.LINK_LOSS));
            assertEquals(before.counters().tripsByCause(), after.counters().tripsByCause(), "no trip");
            assertEquals(3, after.activeStep(), "still regulating step 3");
            assertEquals(before.failsafe(), after.failsafe());
            assertEquals(before.selector(), after.selector());
            assertTrue(worstNanos < 1_000_000_000L, "a master poll took " + worstNanos / 1e6 + " ms");
            ServerCounters.Snapshot c = server.counters().snapshot();
            System.out.printf("fuzz while polling: %d frames, %d polls (worst %.1f ms), server %s%n",
                    sent.get(), polls, worstNanos / 1e6, c);
        }
    }

    /**
     * Sends {@code n} frames, each on its own connection: the frame, then end of stream, then
     * everything the server answers until it closes. So each frame is read by the server (a
     * length that lies ends at the end of stream), and none is lost in a closed connection.
     */
    private static void fuzz(InetSocketAddress at, MalformedFrames frames, int n, AtomicLong sent) {
        byte[] sink = new byte[512];
        for (int i = 0; i < n; i++) {
            byte[] frame = frames.next(1);
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                s.setSoTimeout(5000);
                s.setSoLinger(true, 0);
                OutputStream out = s.getOutputStream();
                out.write(frame);
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read(sink) >= 0) {
                    // the server's answer, if any, until it closes
                }
            } catch (IOException e) {
                // reset by the server on an oversized frame: the frame was read
            }
            sent.incrementAndGet();
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a dead socket
            }
        }
    }
}
