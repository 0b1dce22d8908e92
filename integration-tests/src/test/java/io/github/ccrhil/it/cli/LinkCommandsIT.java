package io.github.ccrhil.it.cli;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.cli.ClientCommand;
import io.github.ccrhil.cli.PowerStageCommand;
import io.github.ccrhil.cli.ProfileCommand;
import io.github.ccrhil.cli.ServeCcrCommand;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.tcp.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(90)
class LinkCommandsIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        return run(new StringWriter(), command, args);
    }

    /** As {@link #run(Object, String...)}, writing the command's output to {@code out} as it goes, for a test to watch. */
    private static Run run(StringWriter out, Object command, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void profilePrintsTheShippedReferenceMapByteForByte() {
        Run r = run(new ProfileCommand());
        assertEquals(0, r.exit(), r.err());
        assertEquals(CcrProfiles.referenceCcrText(), r.out());
    }

    @Test
    void profileCheckReportsABadFileInOneLineWithItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("vendor.yaml");
        Files.writeString(bad, "profile: v\nformat: 1\npoints:\n  - name: step\n    table: holding\n    address: 70000\n    type: u16\n    access: rw\n");
        Run r = run(new ProfileCommand(), "--check", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("vendor.yaml:"), r.err());
        assertTrue(r.err().contains("address: 70000 outside 0..65535"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private static double number(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + " = (-?[0-9.]+)").matcher(out);
        assertTrue(m.find(), "no " + name + " in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void serveAndClientCommandAStepOverTcpInRealTime() throws Exception {
        int port = FreePorts.one();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Run> serve = pool.submit(() -> run(new ServeCcrCommand(), "--tcp", "127.0.0.1:" + port, "--duration", "6s"));
            String endpoint = "127.0.0.1:" + port;
            Run w = null;
            // serve warms its control path before the port opens: wait for it with a deadline
            long openBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                w = run(new ClientCommand(), "--tcp", endpoint, "write", "command_step=3");
                if (w.exit() == 0) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < openBy);
            assertEquals(0, w.exit(), w.err());
            // soft start to step 3 and settling: read until the CCR regulates at step 3 in band, with a deadline
            Run r;
            long settledBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            do {
                r = run(new ClientCommand(), "--tcp", endpoint, "read", "output_current", "actual_step", "operating_state");
            } while (r.exit() == 0 && !(r.out().contains("operating_state = regulating (2)") && number(r.out(), "actual_step") == 3
                    && StrictMath.abs(number(r.out(), "output_current") - 4.1) <= 0.12) && System.nanoTime() < settledBy);
            assertEquals(0, r.exit(), r.err());
            assertEquals(4.1, number(r.out(), "output_current"), 0.12, r.out());
            assertEquals(3, number(r.out(), "actual_step"), r.out());
            assertTrue(r.out().contains("operating_state = regulating (2)"), r.out());
            Run bad = run(new ClientCommand(), "--tcp", endpoint, "write", "command_step=9");
            assertEquals(2, bad.exit(), "the profile refuses step 9 before sending: " + bad.out());
            Run id = run(new ClientCommand(), "--tcp", endpoint, "identify");
            assertTrue(id.out().contains("0x88 "), id.out());
            Run s = serve.get(40, TimeUnit.SECONDS);
            assertEquals(0, s.exit(), s.err());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Timed as before the warm-up existed (both ends in this JVM): the fresh-start tests are FreshStartIT. */
    @Test
    void theCcrRegulatesAPowerStageRunningBehindAPty(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int port = FreePorts.one();
        Path trace = dir.resolve("plant.csv");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (PtyPair pty = PtyPair.start()) {
            StringWriter stageOut = new StringWriter();
            Future<Run> stage = pool.submit(() -> run(stageOut, new PowerStageCommand(), "--rtu", pty.a().toString(), "--baud",
                    "115200", "--trace", trace.toString(), "--duration", "12s", "--warmup", "0"));
            // serve polls the power stage from its first half-cycle: start it once the stage serves its end of the pty
            long servingBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stageOut.toString().contains("power stage: unit")) {
                assertTrue(System.nanoTime() < servingBy && !stage.isDone(), "the power stage did not start serving: " + stageOut
                        + (stage.isDone() ? stage.get().err() : ""));
                Thread.sleep(20);
            }
            Future<Run> serve = pool.submit(() -> run(new ServeCcrCommand(), "--tcp", "127.0.0.1:" + port,
                    "--plant-rtu", pty.b().toString(), "--duration", "10s", "--warmup", "0"));
            String endpoint = "127.0.0.1:" + port;
            Run w = null;
            // serve warms its control path before the port opens: wait for it with a deadline
            long openBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                w = run(new ClientCommand(), "--tcp", endpoint, "write", "command_step=2");
                if (w.exit() == 0) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < openBy);
            assertEquals(0, w.exit(), w.err());
            // on a loaded host the emulated time lags the wall clock (serve says so): wait for the
            // step's current with a deadline rather than a fixed sleep
            Run r;
            long by = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            do {
                Thread.sleep(250);
                r = run(new ClientCommand(), "--tcp", endpoint, "read", "output_current");
                // a read that fails (the client's own timeout, on a loaded host) is tried again until the deadline
            } while ((r.exit() != 0 || StrictMath.abs(number(r.out(), "output_current") - 3.4) > 0.1) && System.nanoTime() < by);
            Run s = serve.get(40, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), "the last read of output_current failed: " + r.err() + "\nserve said: " + s.out() + s.err());
            double current = number(r.out(), "output_current");
            assertEquals(3.4, current, 0.1, r.out() + "\nserve said: " + s.out() + s.err());
            assertEquals(0, s.exit(), s.err());
            Run p = stage.get(40, TimeUnit.SECONDS);
            assertEquals(0, p.exit(), p.err());
            // one row per half-cycle the plant ran, however many the host let it run in the 12 s (at load 30 on
            // two cores, 201: the loop is paced in real time and skips what it cannot run, as serve reports)
            long rows = Files.lines(trace).count() - 1;
            Matcher ran = Pattern.compile("half-cycles run: (\\d+)").matcher(p.out());
            assertTrue(ran.find(), p.out());
            assertTrue(rows > 0 && rows == Long.parseLong(ran.group(1)), "the plant traced its half-cycles: " + rows + "; " + p.out());
        } finally {
            pool.shutdownNow();
        }
    }
}
