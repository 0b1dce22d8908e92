package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.bundle.BundleVerifier;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The security procedures over Modbus RTU on socat pty pairs (19,200 baud 8N1): the hostile frames
 * and the flood go on the verifier's own serial line between its valid requests; the reference CCR
 * passes robustness, flood and authority, connection-exhaustion is NOT_APPLICABLE (a serial line
 * has no connections); a CCR whose serial front dies on a long frame, and one whose front does
 * not check the CRC, each FAIL exactly protocol-robustness. verify-bundle re-derives every verdict.
 */
class SecurityOverRtuTest {

    /** Line time of the hostile frames here (the default plan: 60 s, about 1,800 frames at 19,200 baud). */
    private static final double LINE_SECONDS = 3;

    @TempDir
    Path dir;

    private Map<String, Verdict> run(String name, EmulatedCcrOverLoopback dut, SecurityPlans.Plan cut) throws Exception {
        AcceptanceRun.Result r;
        long t0 = System.nanoTime();
        try (dut) {
            r = new AcceptanceRun(cut.plan(), cut.text(), dut, dut.describe(), AcceptanceRun.Progress.NONE, Clock.systemUTC())
                    .run(dir.resolve(name));
        }
        System.out.printf("security procedures over RTU on a pty, %s: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        Map<String, Verdict> byTest = new TreeMap<>();
        for (Verdict v : r.verdicts()) {
            System.out.println("  " + v.testId() + " " + v.outcome() + ": " + v.reason());
            for (Check c : v.checks()) {
                if (c.outcome() != Outcome.PASS) {
                    System.out.println("    " + c.outcome() + " " + c.what() + ": " + c.measured());
                }
            }
            byTest.put(v.testId(), v);
        }
        var check = BundleVerifier.verify(r.bundle());
        assertTrue(check.ok(), "verify-bundle re-derives the verdicts: " + check.verdictProblems());
        return byTest;
    }

    /**
     * PASS; or, on a loaded host, INCONCLUSIVE because a valid request was lost on the pty and
     * answered when asked again (frames run together while the host holds socat off), and only so.
     */
    private static void passes(Verdict v) {
        if (v.outcome() == Outcome.INCONCLUSIVE && v.reason().contains("lost on the line")) {
            System.out.println("  (accepted: " + v.testId() + " INCONCLUSIVE, " + v.reason() + ")");
            return;
        }
        assertEquals(Outcome.PASS, v.outcome(), v.testId() + ": " + v.reason());
    }

    private static SecurityPlans.Plan plan() throws Exception {
        return SecurityPlans.securityOverSerialLine(LINE_SECONDS, "1s", 100);
    }

    @Test
    void theReferenceCcrPassesRobustnessFloodAndAuthorityOverRtuAndExhaustionIsNotApplicable() throws Exception {
        Map<String, Verdict> v = run("reference", new EmulatedCcrOverLoopback(plan().plan()).over(EmulatedCcrOverLoopback.Medium.PTY),
                plan());
        for (String id : new String[] {"protocol-robustness", "flood", "authority"}) {
            passes(v.get(id));
        }
        Verdict exhaustion = v.get("connection-exhaustion");
        assertEquals(Outcome.NOT_APPLICABLE, exhaustion.outcome(), exhaustion.reason());
        assertTrue(exhaustion.reason().contains("no connections"), exhaustion.reason());
        Verdict robustness = v.get("protocol-robustness");
        Check dropped = robustness.checks().stream().filter(c -> c.what().startsWith("no answer to a frame the DUT must drop"))
                .findFirst().orElseThrow();
        assertTrue(dropped.measured().matches("0 of [1-9][0-9]* answered.*"), dropped.measured());
        Check count = robustness.checks().stream().filter(c -> c.what().startsWith("every hostile frame went on the serial line"))
                .findFirst().orElseThrow();
        assertTrue(count.what().contains("19200-baud"), count.what());
        Path frames = dir.resolve("reference/traces/protocol-robustness");
        try (var s = Files.list(frames)) {
            Path f = s.filter(p -> p.getFileName().toString().endsWith(".frames.gz")).findFirst().orElseThrow();
            try (var in = new GZIPInputStream(Files.newInputStream(f))) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                long lines = text.lines().count();
                // 3 s of a 19,200-baud line at about 60 bytes a frame: some tens of frames, every one recorded for replay
                assertTrue(lines > 30 && lines < 200, lines + " frames recorded");
                assertTrue(text.lines().anyMatch(l -> l.contains(" ")), "a frame with an inter-character gap is among them");
            }
        }
    }

    /** A serial front that fails as a variant's communication stack would. */
    enum DefectiveSerialFront {
        /** The communication task dies on a frame longer than the 256 bytes RTU allows: nothing passes after it. */
        CRASHES_ON_A_LONG_FRAME,
        /** The front does not check the CRC: a frame with a wrong one reaches the device as a right one. */
        IGNORES_THE_CRC
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DefectiveSerialFront.class)
    void eachDefectiveSerialFrontFailsExactlyProtocolRobustness(DefectiveSerialFront defect) throws Exception {
        EmulatedCcrOverLoopback dut = new EmulatedCcrOverLoopback(plan().plan()).over(EmulatedCcrOverLoopback.Medium.PTY)
                .servedBehind((line, device) -> new Relay(line, device, defect));
        Map<String, Verdict> v = run(defect.name().toLowerCase(java.util.Locale.ROOT), dut, plan());
        assertEquals(Outcome.FAIL, v.get("protocol-robustness").outcome(), v.get("protocol-robustness").reason());
        for (String id : new String[] {"flood", "authority"}) {
            passes(v.get(id)); // it fails only robustness
        }
        assertEquals(Outcome.NOT_APPLICABLE, v.get("connection-exhaustion").outcome());
        String why = v.get("protocol-robustness").checks().stream().filter(c -> c.outcome() == Outcome.FAIL).map(Check::what)
                .toList().toString();
        if (defect == DefectiveSerialFront.IGNORES_THE_CRC) {
            assertTrue(why.contains("no answer to a frame the DUT must drop"), why);
        } else {
            assertTrue(why.contains("the master's valid requests answered"), why);
        }
    }

    /**
     * The line relayed to the device frame by frame (a frame: what arrives before 5 ms of
     * silence), and the device's answers back, with the variant's defect.
     */
    private static final class Relay implements AutoCloseable {
        private final JsscSerialPort line;
        private final JsscSerialPort device;
        private final DefectiveSerialFront defect;
        private final Thread down;
        private final Thread up;
        private volatile boolean closed;
        private volatile boolean dead;

        Relay(JsscSerialPort line, JsscSerialPort device, DefectiveSerialFront defect) {
            this.line = line;
            this.device = device;
            this.defect = defect;
            this.down = new Thread(this::toDevice, "front-to-device");
            this.up = new Thread(this::toLine, "front-to-line");
            down.setDaemon(true);
            up.setDaemon(true);
            down.start();
            up.start();
        }

        private void toDevice() {
            byte[] buffer = new byte[512];
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            try {
                while (!closed) {
                    int n = line.read(buffer, 0, buffer.length, frame.size() == 0 ? 200_000_000L : 5_000_000L);
                    if (n > 0) {
                        frame.write(buffer, 0, n);
                    } else if (frame.size() > 0) {
                        pass(frame.toByteArray());
                        frame.reset();
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void pass(byte[] f) throws IOException {
            if (dead) {
                return;
            }
            if (defect == DefectiveSerialFront.CRASHES_ON_A_LONG_FRAME && f.length > 256) {
                dead = true; // the task died: no frame passes any more, either way
                return;
            }
            if (defect == DefectiveSerialFront.IGNORES_THE_CRC && f.length >= 4 && !Crc16.check(f, 0, f.length)) {
                f = Crc16.rtuFrame(f[0] & 0xFF, Arrays.copyOfRange(f, 1, f.length - 2));
            }
            device.writeFrame(f);
        }

        private void toLine() {
            byte[] buffer = new byte[512];
            try {
                while (!closed) {
                    int n = device.read(buffer, 0, buffer.length, 200_000_000L);
                    if (n > 0 && !dead) {
                        line.writeFrame(Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            line.close();
            device.close();
            down.join(2000);
            up.join(2000);
        }
    }
}
