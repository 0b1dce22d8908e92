package io.github.ccrhil.ccr.verify.accept.procedure;

import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.ModbusAccess;
import io.github.ccrhil.ccr.verify.accept.dut.RemoteInterface;
import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.host.HostMonitor;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.RawLine;
import io.github.ccrhil.modbus.link.MalformedFrames;
import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.serial.LineTiming;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The security procedures' serial-line forms, for a DUT reached over Modbus RTU: the hostile
 * frames and the flood go on the verifier's own serial port, between its valid requests, as a
 * second master or a noisy drop would put them on an RS-485 line. Raw data only, judged by
 * {@code verdict.SecurityJudge} like the Modbus/TCP forms (same events).
 *
 * <ul>
 *   <li>{@code protocol-robustness}: the seeded RTU frames of {@link MalformedFrames}
 *       ({@value MalformedFrames#RTU_GENERATOR}: random, mutated, bad CRC, overlong, cut short,
 *       another unit, broadcast, an inter-character gap), as many as the line carries in the
 *       plan's {@code serial-line-time} at its baud rate (capped by {@code frames}): the baud rate
 *       bounds the count (100,000 frames would hold a 19,200-baud line for about an hour). After
 *       each frame the verifier listens until the line is quiet ({@code frameGap}, default 30 ms)
 *       and, for a frame a correct DUT answers (or one with a gap inside), up to {@code answerWait} (default 300 ms) for the
 *       answer; what came back is recorded per frame kind: a frame the DUT must drop (bad CRC, cut
 *       short, overlong, another unit, broadcast) that was answered anyway is the DUT's fault
 *       (unless an earlier frame's answer was still owed: bytes that may be that late answer are
 *       counted as {@code late-answers}, not held against the frame).
 *       Between bursts ({@code burst} of wall-clock time, default 250 ms) the verifier's own
 *       valid request is timed, then regulation goes on ({@code dwell}/{@code batches}).</li>
 *   <li>{@code flood}: frames back to back, {@code frameGap} apart (a read for the DUT once its
 *       answer is in, as a master on a half-duplex line must): valid reads for the DUT, reads for
 *       {@code connections} other units on the line, and reads with a bad CRC, while the step changes; the verifier's polls (the line's one master) are timed
 *       between bursts. On a multi-drop line "M connections" are M other drops addressed on the
 *       same line: a bus saturated by traffic, not by sockets.</li>
 *   <li>{@code connection-exhaustion}: NOT_APPLICABLE: a serial line has no connections.</li>
 * </ul>
 */
final class SerialLineScripts {

    /** The plan's line time for the hostile frames on a serial line (an optional limit of protocol-robustness). */
    static final String SERIAL_LINE_TIME = "serial-line-time";

    private SerialLineScripts() { }

    /** The DUT's serial line under the verifier's client, where it is reached over Modbus RTU (no TCP, no TLS). */
    static Optional<RawLine> line(ModbusAccess m) {
        if (m.tcp().isPresent() || ModbusAccess.tlsAddress(m.where()).isPresent()) {
            return Optional.empty();
        }
        return m.client().rawLine();
    }

    /** Whether {@code test} applies over the serial line; where it does not, the reason is recorded. */
    static boolean applies(TestSpec test, Procedures.Script s, ModbusAccess m) throws IOException {
        String why = switch (test.procedure()) {
            case CONNECTION_EXHAUSTION -> "connection-exhaustion: the DUT is reached at " + m.where() + ", a serial line, which has"
                    + " no connections to exhaust (one master on the line; its traffic is the flood's)";
            case PROTOCOL_ROBUSTNESS -> test.limits().containsKey(SERIAL_LINE_TIME) ? null
                    : "protocol-robustness over a serial line (" + m.where() + "): the plan gives no " + SERIAL_LINE_TIME
                    + " (the line time for the hostile frames, which bounds their count at the line's baud rate)";
            default -> null;
        };
        if (why != null) {
            s.rec.event(s.ccr.now(), "harness", "not-applicable", why);
            return false;
        }
        return true;
    }

    static void run(TestSpec test, int step, List<Integer> sequence, Procedures.Script s, ModbusAccess m, RawLine line, long seed,
                    Path framesFile, HostMonitor host) throws IOException, DutException {
        switch (test.procedure()) {
            case PROTOCOL_ROBUSTNESS -> robustness(test, step, s, m, line, seed, framesFile, host);
            case FLOOD -> flood(test, sequence, s, m, line, host);
            default -> throw new IllegalStateException(test.procedure() + " has no serial-line form");
        }
    }

    /** Whether {@code p} has a serial-line form here (authority runs as it is over any Modbus link). */
    static boolean hasSerialForm(Procedure p) {
        return p == Procedure.PROTOCOL_ROBUSTNESS || p == Procedure.FLOOD || p == Procedure.CONNECTION_EXHAUSTION;
    }

    // ------------------------------------------------------------------ protocol robustness

    /** The frames {@code lineTime} of a line with {@code timing} carries: each frame's characters and the gap before the next. */
    static List<MalformedFrames.RtuFrame> framesFor(long seed, int unit, LineTiming timing, Duration lineTime, int cap) {
        MalformedFrames gen = new MalformedFrames(seed).withoutWrites();
        List<MalformedFrames.RtuFrame> out = new ArrayList<>();
        long budget = lineTime.toNanos();
        long used = 0;
        while (out.size() < cap) {
            MalformedFrames.RtuFrame f = gen.nextRtuFrame(unit);
            long t = timing.frameNanos(f.bytes().length) + timing.interFrameGapNanos();
            if (used + t > budget) {
                break;
            }
            used += t;
            out.add(f);
        }
        return out;
    }

    private static void robustness(TestSpec test, int step, Procedures.Script s, ModbusAccess m, RawLine line, long seed,
                                   Path framesFile, HostMonitor host) throws IOException, DutException {
        Limit lineTime = test.limit(SERIAL_LINE_TIME);
        int cap = test.param("frames", 100_000);
        int batches = StrictMath.max(1, test.<Integer>param("batches", 50));
        Duration slice = test.duration("dwell", Duration.ofSeconds(5)).dividedBy(batches);
        Duration gap = test.duration("frameGap", Duration.ofMillis(30));
        Duration answerWait = test.duration("answerWait", Duration.ofMillis(300));
        Duration burst = test.duration("burst", Duration.ofMillis(250));
        int unit = m.profile().unitId();
        LineTiming timing = LineTiming.of(line.baudRate(), line.bitsPerCharacter());
        Duration pause = Duration.ofNanos(StrictMath.round(MalformedFrames.RtuFrame.INTER_CHARACTER_GAP_CHARACTERS
                * timing.characterNanos()));
        List<MalformedFrames.RtuFrame> frames = framesFor(seed, unit, timing, Duration.ofNanos((long) (lineTime.value() * 1e9)), cap);
        long lineNanos = 0;
        MessageDigest sha = SecurityScripts.sha256();
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(framesFile)),
                StandardCharsets.US_ASCII)) {
            for (MalformedFrames.RtuFrame f : frames) {
                sha.update(f.bytes());
                out.write(f.hex());
                out.write('\n');
                lineNanos += timing.frameNanos(f.bytes().length) + timing.interFrameGapNanos();
            }
        }
        s.select(step);
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        s.rec.event(s.ccr.now(), "verifier", "holding-before", SecurityScripts.holding(m));
        s.rec.event(s.ccr.now(), "verifier", "hostile-start", MalformedFrames.RTU_GENERATOR + " seed " + seed + " frames "
                + frames.size() + " line " + line.describe() + " baud " + line.baudRate() + " bits " + line.bitsPerCharacter()
                + " line-ms " + Fixed.format(lineNanos / 1e6, 0) + " (" + SERIAL_LINE_TIME + " " + Fixed.format(lineTime.value(), 1)
                + " s) gap-ms " + gap.toMillis() + " pause-us " + pause.toNanos() / 1000
                + " answer-wait-ms " + answerWait.toMillis());
        RemoteInterface master = s.ccr.remote(); // over a serial line the verifier is the line's one master
        HexFormat hex = HexFormat.of();
        long delivered = 0;
        long answerable = 0;
        long answered = 0;
        long mustDrop = 0;
        long droppedAnswered = 0;
        long bytesBack = 0;
        int bursts = 0;
        long late = 0;
        String firstWrongAnswer = null;
        boolean owed = false; // an earlier frame that a correct DUT answers has not had its answer yet
        boolean answering = true;
        int i = 0;
        while (i < frames.size() && answering) {
            long t0 = System.nanoTime();
            MalformedFrames.RtuFrame last;
            do {
                MalformedFrames.RtuFrame f = frames.get(i);
                last = f;
                boolean expected = f.answerable(unit);
                // a frame with a gap inside is a right read: a DUT that cannot see the gap (a pty has no character time)
                // answers it, and that answer must not be taken for one to the next frame
                byte[] back = send(line, f.parts(), pause, gap, expected || f.pauseAt() >= 0 ? answerWait : Duration.ZERO);
                delivered++;
                bytesBack += back.length;
                if (expected) {
                    answerable++;
                    if (back.length > 0) {
                        answered++;
                    }
                    owed = back.length == 0;
                } else if (f.mustBeDropped(unit)) {
                    mustDrop++;
                    if (back.length > 0 && owed) {
                        late++; // the answer owed to an earlier frame, later than answerWait: not held against this one
                        owed = false;
                    } else if (back.length > 0) {
                        droppedAnswered++;
                        if (firstWrongAnswer == null) {
                            firstWrongAnswer = "frame " + i + " " + f.hex() + " answered " + hex.formatHex(back);
                        }
                    }
                }
                i++;
            } while (i < frames.size() && System.nanoTime() - t0 + listenFor(frames.get(i), unit, gap, answerWait).toNanos()
                    < burst.toNanos()); // a burst ends before a frame whose listening would take it past its time
            bursts++;
            // the line drained before the master's request: an answer later than the gap goes to the frame that drew it,
            // not into the master's transaction
            byte[] tail = send(line, new byte[0][], Duration.ZERO, DRAIN, Duration.ZERO);
            bytesBack += tail.length;
            if (tail.length > 0 && owed) {
                late++;
                owed = false;
            } else if (tail.length > 0 && last.mustBeDropped(unit)) {
                droppedAnswered++;
                if (firstWrongAnswer == null) {
                    firstWrongAnswer = "frame " + (i - 1) + " " + last.hex() + " answered (late) " + hex.formatHex(tail);
                }
            }
            answering = masterPolls(s, m, line, master, slice, host);
            if (answering) {
                RemoteInterface.Readout r = SecurityScripts.readOrNull(s, master);
                answering = r != null;
                if (r != null) {
                    s.rec.event(s.ccr.now(), "dut", "alarms", String.join(" ", r.alarms()));
                }
            }
        }
        s.rec.event(s.ccr.now(), "verifier", "hostile-end", "frames " + frames.size() + " delivered " + delivered + " bursts "
                + bursts + " answerable " + answerable + " answered " + answered + " must-drop " + mustDrop + " must-drop-answered "
                + droppedAnswered + " late-answers " + late + " bytes-back " + bytesBack + " sha256 " + hex.formatHex(sha.digest()));
        if (firstWrongAnswer != null) {
            s.rec.event(s.ccr.now(), "dut", "answered-a-frame-to-drop", firstWrongAnswer);
        }
        if (answering) {
            s.rec.event(s.ccr.now(), "verifier", "holding-after", SecurityScripts.holding(m));
        }
    }

    /**
     * The master's timed request, then regulation for {@code slice}; false (recorded) when the DUT
     * did not answer. Where a fault-injecting link stands between the verifier and the DUT, the
     * master's request shares it, so a request lost on every attempt is the link's: the run is cut
     * (INCONCLUSIVE, naming the link), not judged as the DUT's silence.
     */
    private static boolean masterPolls(Procedures.Script s, ModbusAccess m, RawLine line, RemoteInterface master, Duration slice,
                                       HostMonitor host) throws IOException, DutException {
        boolean ok = timedRequest(s, line, master, host) && SecurityScripts.dwellOrNoAnswer(s, master, slice, host);
        if (!ok && m.where().contains("fault-injecting")) {
            throw new DutException("DUT at " + m.where() + " did not answer the master's request through the fault-injecting link"
                    + " (every attempt lost): the link's loss, not a verdict on the DUT");
        }
        return ok;
    }

    /** How long the verifier may listen after {@code f}: the gap, or the answer a correct DUT gives. */
    private static Duration listenFor(MalformedFrames.RtuFrame f, int unit, Duration gap, Duration answerWait) {
        return f.answerable(unit) || f.pauseAt() >= 0 ? answerWait.plus(gap) : gap;
    }

    /** The silence awaited before the master's request after a burst of hostile frames. */
    static final Duration DRAIN = Duration.ofMillis(100);

    /** The silence before the master's request is asked once more. */
    static final Duration RESYNC = Duration.ofMillis(200);

    /**
     * The master's valid request, timed. On a pty the line has no timing of its own: when the host
     * holds socat off, the last hostile frame and the request can reach the DUT as one run of
     * bytes, which a correct DUT drops. So a request not answered is asked once more after
     * {@link #RESYNC} of silence: answered then, the first is recorded as lost on the line
     * ({@code dut,lost-on-line}, judged INCONCLUSIVE, never PASS); not answered again, as not
     * answered ({@code dut,no-answer}, the DUT's FAIL).
     */
    private static boolean timedRequest(Procedures.Script s, RawLine line, RemoteInterface master, HostMonitor host)
            throws IOException, DutException {
        long t0 = System.nanoTime();
        try {
            master.keepAlive();
            long t1 = System.nanoTime();
            s.rec.event(s.ccr.now(), "dut", "answered-ms", Fixed.format((t1 - t0) / 1e6, 1));
            s.rec.event(s.ccr.now(), "host", "during-request", host.record(t0, t1));
            return true;
        } catch (DutException first) {
            long t1 = System.nanoTime();
            send(line, new byte[0][], Duration.ZERO, RESYNC, Duration.ZERO); // the line silent, whatever was under way drained
            try {
                long t2 = System.nanoTime();
                master.keepAlive();
                long t3 = System.nanoTime();
                s.rec.event(s.ccr.now(), "dut", "lost-on-line", first.getMessage() + " (after " + Fixed.format((t1 - t0) / 1e6, 1)
                        + " ms); asked again after " + RESYNC.toMillis() + " ms of silence, answered in "
                        + Fixed.format((t3 - t2) / 1e6, 1) + " ms");
                s.rec.event(s.ccr.now(), "host", "during-request", host.record(t0, t1));
                return true;
            } catch (DutException second) {
                s.rec.event(s.ccr.now(), "dut", "no-answer", first.getMessage() + " (after " + Fixed.format((t1 - t0) / 1e6, 1)
                        + " ms; asked again after " + RESYNC.toMillis() + " ms of silence: " + second.getMessage() + ")");
                s.rec.event(s.ccr.now(), "host", "during-request", host.record(t0, t1));
                return false;
            }
        }
    }

    private static byte[] send(RawLine line, byte[][] parts, Duration pause, Duration quiet, Duration listen) throws DutException {
        try {
            return line.send(parts, pause, quiet, listen);
        } catch (LinkInterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DutException("interrupted while hostile frames were sent", e);
        } catch (LinkException e) {
            // the verifier's own port failed: not the DUT's answer (the run is cut: INCONCLUSIVE)
            throw new DutException("DUT at " + line.describe() + " did not answer (the verifier's serial port failed while it"
                    + " sent frames): " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ flood

    private static void flood(TestSpec test, List<Integer> seq, Procedures.Script s, ModbusAccess m, RawLine line, HostMonitor host)
            throws IOException, DutException {
        int others = StrictMath.max(1, test.<Integer>param("connections", 8));
        Duration dwell = test.duration("dwell", Duration.ofMillis(2500));
        int slices = 25;
        Duration slice = dwell.dividedBy(slices);
        Duration gap = test.duration("frameGap", Duration.ofMillis(30));
        Duration burst = test.duration("burst", Duration.ofMillis(250));
        int unit = m.profile().unitId();
        List<byte[]> kinds = new ArrayList<>();
        kinds.add(Crc16.rtuFrame(unit, new byte[] {0x03, 0, 0, 0, 20}));
        kinds.add(Crc16.rtuFrame(unit, new byte[] {0x04, 0, 0, 0, 20}));
        for (int k = 0, u = 1; k < others; u++) {
            if (u != unit) {
                kinds.add(Crc16.rtuFrame(u, new byte[] {0x03, 0, 0, 0, 20}));
                k++;
            }
        }
        byte[] badCrc = Crc16.rtuFrame(unit, new byte[] {0x03, 0, 0, 0, 20});
        badCrc[badCrc.length - 1] ^= 0x5A;
        kinds.add(badCrc);
        // a read for the DUT waits for its answer (as a master on a half-duplex line must), at most the response-time
        // limit, so that a late answer never meets the master's next poll; the others only the gap
        Duration answerWait = Duration.ofMillis((long) (test.limit("response-time").value() * 1000));
        s.select(seq.get(0));
        s.dwell(test.duration("firstDwell", Duration.ofSeconds(4)));
        RemoteInterface master = s.ccr.remote();
        s.rec.event(s.ccr.now(), "verifier", "flood-start", "serial line " + line.describe() + ": frames back to back "
                + gap.toMillis() + " ms apart (a read for the DUT after its answer): reads of 20 registers for the DUT (03 and 04) for "
                + others + " other units on the line and with a bad CRC in bursts of " + burst.toMillis()
                + " ms between the master's polls");
        long requests = 0;
        long answered = 0;
        boolean answering = true;
        int next = 0;
        for (int i = 1; i < seq.size() && answering; i++) {
            s.select(seq.get(i));
            for (int k = 0; k < slices && answering; k++) {
                long t0 = System.nanoTime();
                do {
                    int kind = next++ % kinds.size();
                    byte[] f = kinds.get(kind);
                    byte[] back = send(line, new byte[][] {f}, Duration.ZERO, gap, kind < 2 ? answerWait : Duration.ZERO);
                    requests++;
                    if (back.length > 0) {
                        answered++;
                    }
                } while (System.nanoTime() - t0 < burst.toNanos());
                send(line, new byte[0][], Duration.ZERO, DRAIN, Duration.ZERO); // the line drained before the master's poll
                answering = masterPolls(s, m, line, master, slice, host);
            }
        }
        s.rec.event(s.ccr.now(), "verifier", "flood-end", "requests " + requests + " answered " + answered);
    }
}
