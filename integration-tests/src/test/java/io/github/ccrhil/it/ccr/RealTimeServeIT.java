package io.github.ccrhil.it.ccr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.it.CliChild;
import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.ccr.emulator.sim.ThreadScheduling;
import io.github.ccrhil.cli.Main;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --rt PRIO@CPU} as a real-time deployment runs it, in a child JVM (root here, as in
 * the CI): the kernel, read from /proc, must show the control loop's thread SCHED_FIFO at that
 * priority pinned to that CPU, an idle poller under SCHED_IDLE on the same CPU, and every other
 * thread of the JVM SCHED_OTHER; the CCR still regulates. A setting the host cannot give is
 * refused in one line with a non-zero exit, in chrt's or taskset's own words.
 */
class RealTimeServeIT {

    private static final int CPU = machineCores() > 1 ? 1 : 0;

    @Test
    void theLoopIsFifoOnItsCpuBesideAnIdlePollerAndEverythingElseStaysOrdinary() throws Exception {
        Profile map = CcrProfiles.referenceCcr();
        try (CliChild serve = new CliChild("serve", "--tcp", "127.0.0.1:0", "--warmup", "0", "--rt", "10@" + CPU)) {
            int port = serve.port("emulated CCR:");
            String pid = Long.toString(serve.process.pid());
            List<String> loop = new ArrayList<>();
            List<String> others = new ArrayList<>();
            try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String comm = Files.readString(t.resolve("comm")).trim();
                        ThreadScheduling.Observed o = ThreadScheduling.observe(pid, t.getFileName().toString());
                        (comm.equals("firmware-loop") ? loop : others).add(comm + ": " + o);
                    } catch (NoSuchFileException ended) {
                        // a thread that has just ended
                    }
                }
            }
            assertEquals(List.of("firmware-loop: SCHED_FIFO 10 on CPU " + CPU), loop, serve.all.toString());
            assertFalse(others.isEmpty());
            for (String o : others) {
                assertTrue(o.contains(": SCHED_OTHER on CPU "), "every other thread as started (SCHED_OTHER): " + others);
            }
            // serve's shell children: the idle poller (SCHED_IDLE) and the keeper of what --rt changed (UndoOnExit)
            List<ProcessHandle> pollers = serve.process.children().filter(c -> comm(c).equals("sh") && policy(c) == ThreadScheduling.SCHED_IDLE).toList();
            assertEquals(1, pollers.size(), "one idle poller, a child of serve: " + serve.process.children().map(RealTimeServeIT::comm).toList());
            ProcessHandle poller = pollers.get(0);
            ThreadScheduling.Observed p = ThreadScheduling.observe(null, Long.toString(poller.pid()));
            assertEquals(ThreadScheduling.SCHED_IDLE, p.policy(), p.toString());
            assertEquals(Integer.toString(CPU), p.cpus());
            assertTrue(serve.all.stream().anyMatch(l -> l.startsWith("real time: control loop tid ")
                    && l.contains("SCHED_FIFO 10 on CPU " + CPU) && l.contains("idle poller pid " + poller.pid() + " SCHED_IDLE on CPU " + CPU)
                    && l.contains("; garbage collector ") && l.contains("CPU " + CPU + " kept for the loop: ")),
                    "serve says what it set: " + serve.all);
            // the loop's CPU kept for it: this test's own JVM (not serve's) is moved off it while serve runs
            String me = Long.toString(ProcessHandle.current().pid());
            String mine = ThreadScheduling.observe(null, me).cpus();
            if (machineCores() > 1) {
                assertFalse(ThreadScheduling.cpuList(mine).contains(CPU), "this JVM off CPU " + CPU + " while serve runs: " + mine);
            }

            // and it regulates: step 3 taken, REGULATING
            try (ModbusTcpClient c = new ModbusTcpClient(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5))) {
                c.writeSingleRegister(1, map.require("command_step").address(), 3);
                int state = map.require("operating_state").address();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (c.readInputRegisters(1, state, 1)[0] != 2 && System.nanoTime() < until) {
                    Thread.sleep(50); // polling interval of a condition with a deadline
                }
                assertEquals(2, c.readInputRegisters(1, state, 1)[0], "REGULATING at step 3");
            }

            // the poller ends with its JVM, however that ends: here SIGKILL, no shutdown hook
            assertEquals(0, new ProcessBuilder("kill", "-KILL", pid).start().waitFor());
            poller.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(poller.isAlive(), "the idle poller ended after serve was killed");
            // and the other processes have their CPUs back, SIGKILL or not
            long back = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ThreadScheduling.cpuList(ThreadScheduling.observe(null, me).cpus()).contains(CPU) && System.nanoTime() < back) {
                Thread.sleep(20); // polling interval of a condition with a deadline
            }
            assertTrue(ThreadScheduling.cpuList(ThreadScheduling.observe(null, me).cpus()).contains(CPU),
                    "this JVM back on CPU " + CPU + " after serve was killed");
        }
    }

    @Test
    void aPriorityOutsideOneTo99IsRefusedInOneLineBeforeAnythingRuns() throws Exception {
        Result r = run(List.of(), "serve", "--tcp", "127.0.0.1:0", "--rt", "0@" + CPU);
        assertEquals(2, r.exit, r.output);
        assertEquals(List.of("ccr-hil: --rt wants PRIORITY@CPUS, priority 1..99, e.g. 10@1; not 0@" + CPU), r.output.lines().toList());
    }

    @Test
    void aCpuTheMachineDoesNotHaveIsRefusedInTasksetsOwnWords() throws Exception {
        Result r = run(List.of(), "serve", "--tcp", "127.0.0.1:0", "--warmup", "0", "--rt", "10@4095");
        assertEquals(2, r.exit, r.output);
        List<String> lines = r.output.lines().toList();
        assertEquals(1, lines.size(), r.output);
        assertTrue(lines.get(0).startsWith("ccr-hil: --rt 10@4095 refused: chrt -i 0 taskset -c 4095 sh: taskset: failed to set pid "), r.output);
        assertTrue(lines.get(0).endsWith("'s affinity: Invalid argument"), r.output);
    }

    @Test
    void withoutTheRightToRealTimeSchedulingServeIsRefusedInChrtsOwnWords() throws Exception {
        // root without CAP_SYS_NICE (and no rtprio limit): what a container or an ordinary user gets
        Result r = run(List.of("setpriv", "--bounding-set", "-sys_nice", "--inh-caps", "-sys_nice"),
                "serve", "--tcp", "127.0.0.1:0", "--warmup", "0", "--rt", "10@" + CPU, "--no-idle-poll");
        assertEquals(2, r.exit, r.output);
        List<String> lines = r.output.lines().toList();
        assertEquals(1, lines.size(), r.output);
        assertTrue(lines.get(0).startsWith("ccr-hil: --rt 10@" + CPU + " refused: chrt -f -p 10 "), r.output);
        assertTrue(lines.get(0).endsWith("'s policy: Operation not permitted"), r.output);
    }

    record Result(int exit, String output) { }

    /** A child JVM running one ccr-hil command behind {@code prefix}; its stderr (stdout apart). */
    private static Result run(List<String> prefix, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ended: " + err);
        assertNotEquals("", err.trim(), "an error on stderr");
        return new Result(p.exitValue(), err);
    }

    private static String comm(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "comm")).trim();
        } catch (IOException gone) {
            return "(ended)";
        }
    }

    private static int policy(ProcessHandle p) {
        try {
            return ThreadScheduling.observe(null, Long.toString(p.pid())).policy();
        } catch (IOException ended) {
            return -1;
        }
    }

    private static int machineCores() {
        try {
            Process p = new ProcessBuilder("nproc", "--all").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Integer.parseInt(out);
        } catch (IOException | NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
