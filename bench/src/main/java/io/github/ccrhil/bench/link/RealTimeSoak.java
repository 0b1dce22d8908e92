package io.github.ccrhil.bench.link;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.emulator.device.ModbusHardwarePort;
import io.github.ccrhil.ccr.emulator.device.PowerStageDevice;
import io.github.ccrhil.ccr.emulator.sim.IdlePoller;
import io.github.ccrhil.ccr.emulator.sim.ThreadScheduling;
import io.github.ccrhil.ccr.emulator.sim.IsolatedCpus;
import io.github.ccrhil.ccr.emulator.sim.TtyReceiveWorkers;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The firmware's real-time regulation loop over a real serial link, for as long as asked (the
 * issue's goal: 100 Hz over RTU at 115200 baud, 0 deadline misses in 10 minutes, p99 period
 * jitter ≤ 1 ms). Not a JMH benchmark: it is a soak, run by its own command.
 *
 * <p>Topology: socat links two ptys; the emulated power stage and series loop (waveform plant)
 * serve Modbus RTU on one end; the control board, through {@link ModbusHardwarePort}, makes one
 * FC 23 transaction per half-cycle on the other, paced on the wall clock (park until 200 µs
 * before the deadline, then spin). A period misses its deadline when the control step
 * (transaction included) ends after the next period should start. The plant's own rms current
 * is counted against the step's tolerance band, so the soak also shows the loop still
 * regulated.
 *
 * <pre>java -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 \
 *     -cp bench/target/benchmarks.jar io.github.ccrhil.bench.link.RealTimeSoak [minutes] [--line-timing]
 *     [--hog] [--flood] [--probe] [--rt PRIO@CPU [--no-idle-poll] [--no-tty-workers] [--no-isolate]]</pre>
 *
 * <p>{@code --rt PRIO@CPU} (root or CAP_SYS_NICE): only the control loop's thread (and the client's
 * deadline watchdog and the probe) run SCHED_FIFO at that priority on that CPU; the emulated power
 * stage's RTU server thread and socat, which stand for hardware and the wire, run SCHED_FIFO at the
 * same priority on the same CPU; every other process of the machine is moved off that CPU while
 * the soak runs ({@link IsolatedCpus}; {@code --no-isolate} leaves them, to compare), the soak's own
 * loads excepted; every other thread of the JVM (JIT compilers, GC workers, the remote
 * interface) stays SCHED_OTHER on every core; and an {@link IdlePoller} (a busy child process under
 * SCHED_IDLE pinned to each of those CPUs) keeps the loop's CPU from halting between periods, so
 * that the loop's wake-up does not wait for a halted virtual CPU to come back ({@code --no-idle-poll}
 * leaves it out, to compare); and the kernel's workers that carry the pty's received bytes to the reader
 * ({@link TtyReceiveWorkers}) run SCHED_FIFO one below the loop, on the loop's CPU ({@code --no-tty-workers}
 * leaves them SCHED_OTHER on every CPU, to compare). The alternative, {@code chrt -f 10 taskset -c 1} in
 * front of the whole JVM, puts all of them at the loop's priority on the loop's core, where a JIT
 * compiler thread that runs for 10 ms holds the loop off at the same priority.
 *
 * <p>Loads, for the soaks under load: {@code --hog} starts one busy child process per core
 * ({@code sh -c 'while :; do :; done'}) for the whole run; {@code --flood} serves the board's
 * remote interface (the reference register map, sharing the board's lock as {@code serve} does)
 * on loopback TCP and floods it with malformed frames from a child process (SCHED_OTHER, every
 * core, whatever the soak runs under) as fast as it takes them (bad MBAP lengths, unknown function codes, truncated PDUs, random bytes; reconnecting
 * whenever the server drops the connection); {@code --probe} runs {@link WakeUpProbe} on a thread
 * of its own for the same minutes, under the same load, and prints it beside the soak's figures.
 *
 * <p>{@code GuaranteedSafepointInterval=0} turns off the JVM's periodic "Cleanup" safepoints (by
 * default at most one a second, when the JVM has cleanup work queued). With safepoint logging
 * on ({@code -Xlog:safepoint}), the rare long control steps of default runs fell on or near such
 * a safepoint or a GC pause; a real-time deployment of the loop would set it the same way.
 * Misses are reported with the JVM uptime so that they can be lined up with those logs, and with
 * the monotonic clock at the period's start, to line them up with a kernel trace of the timer
 * interrupts ({@code bench/scripts/host-stops.sh}: a CPU the host did not run takes none).
 */
public final class RealTimeSoak {

    private RealTimeSoak() { }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(Flood.SENDER)) {
            Flood.send(Integer.parseInt(args[1]));
            return;
        }
        double minutes = args.length > 0 && !args[0].startsWith("--") ? Double.parseDouble(args[0]) : 10.0;
        boolean lineTiming = Arrays.asList(args).contains("--line-timing");
        boolean hog = Arrays.asList(args).contains("--hog");
        boolean flood = Arrays.asList(args).contains("--flood");
        boolean probe = Arrays.asList(args).contains("--probe");
        int rtAt = Arrays.asList(args).indexOf("--rt");
        ThreadScheduling.RealTime rt = rtAt < 0 ? null
                : ThreadScheduling.RealTime.parse(rtAt + 1 < args.length ? args[rtAt + 1] : "(missing)");
        boolean idlePoll = rt != null && !Arrays.asList(args).contains("--no-idle-poll");
        boolean ttyWorkers = rt != null && !Arrays.asList(args).contains("--no-tty-workers");
        boolean isolate = rt != null && !Arrays.asList(args).contains("--no-isolate");
        java.util.List<Process> hogs = new java.util.ArrayList<>();
        if (hog) {
            // The hogs must not inherit what the documented run gives the loop: started under
            // `chrt -f 10 taskset -c 1`, a child spinning at SCHED_FIFO 10 on the loop's own core
            // starves the loop outright. Each hog is put back to SCHED_OTHER on every core.
            int cores = machineCores();
            for (int i = 0; i < cores; i++) {
                hogs.add(new ProcessBuilder("chrt", "-o", "0", "taskset", "-c", "0-" + (cores - 1),
                        "sh", "-c", "while :; do :; done").start());
            }
        }
        IdlePoller poller = null;
        TtyReceiveWorkers workers = null;
        IsolatedCpus isolated = null;
        try {
            if (isolate) {
                isolated = IsolatedCpus.keep(rt.cpuList());
                System.err.println("--rt: " + isolated.said());
            } else if (rt != null) {
                System.err.println("--rt: other processes left on every CPU (--no-isolate)");
            }
            if (idlePoll) {
                poller = IdlePoller.start(rt.cpuList());
                System.err.println("--rt: " + poller);
            } else if (rt != null) {
                System.err.println("--rt: no idle poller (--no-idle-poll)");
            }
            if (ttyWorkers) {
                workers = TtyReceiveWorkers.start(TtyReceiveWorkers.belowTheLoop(rt.priority()), rt.cpuList(), Duration.ofMillis(200));
                System.err.println("--rt: " + workers.said());
            } else if (rt != null) {
                System.err.println("--rt: the kernel's tty receive workers left as they are (--no-tty-workers)");
            }
            soak(minutes, lineTiming, flood, probe, hogs.size(), rt);
            if (workers != null) {
                System.err.println("--rt at the end: " + workers.said());
            }
        } finally {
            hogs.forEach(Process::destroyForcibly);
            if (poller != null) {
                poller.close();
            }
            if (workers != null) {
                workers.close();
            }
            if (isolated != null) {
                isolated.close();
            }
        }
    }

    private static void soak(double minutes, boolean lineTiming, boolean flood, boolean probe, int hogs,
                             ThreadScheduling.RealTime rt) throws Exception {
        int baud = 115_200;
        long periodNanos = 10_000_000L;
        long periods = (long) (minutes * 60e9 / periodNanos);
        // The first 30 s (JIT compilation, class loading) are run and reported apart: a CCR is
        // energised before it is put in service. Misses there are printed, never hidden.
        long warmUp = 3_000;

        ToleranceBand band = ToleranceTables.byName(ToleranceTables.UFC, StepTables.SIX_SIX_FIVE_STEP).band(5);
        AtomicLong inBand = new AtomicLong();
        AtomicLong judged = new AtomicLong();
        PlantConfig config = new PlantConfig(400, 50, 10_000, 6.6, LoopConfig.forLoad(10_000, 6.6, 0.8, 0.3, 3000, 50),
                200, 1, 0.002, 1L);
        PowerStageDevice stage = new PowerStageDevice(Plants.waveform(config), (index, contactor, alpha, half) -> {
            if (index > 300) {
                judged.incrementAndGet();
                if (band.contains(half.trueCurrentRms)) {
                    inBand.incrementAndGet();
                }
            }
        });
        try (PtyPair pty = PtyPair.start()) {
            SerialSettings a = SerialSettings.of8N1(pty.a().toString(), baud);
            SerialSettings b = SerialSettings.of8N1(pty.b().toString(), baud);
            ModbusRtuServer plantSide = new ModbusRtuServer(stage.serverCore(),
                    JsscSerialPort.open(a, lineTiming ? LineTiming.of(a) : null), 2);
            J2modClient client = J2modClient.rtu(b, lineTiming ? LineTiming.of(b) : null, Duration.ofMillis(500));
            try {
                ModbusHardwarePort port = new ModbusHardwarePort(client, 2, null);
                BoardConfig boardConfig = BoardConfig.defaults(StepTables.SIX_SIX_FIVE_STEP);
                ControlBoard board = new ControlBoard(boardConfig.withTuning(boardConfig.tuning().withMeasurementDelay(1)),
                        InstantSource.system());
                board.command(new Command.SelectStep(5, Origin.REMOTE));
                Flood floodRun = flood ? Flood.start(board) : null;
                if (rt != null) {
                    // the emulated hardware and the wire stand for hardware: real-time too, on the
                    // loop's CPU (a real power stage has its own; here, on another CPU, each hop
                    // would wait for what that CPU runs in the kernel: see IsolatedCpus); the
                    // client's deadline watchdog as well; everything else stays as it was
                    System.err.println("--rt: power stage's RTU server " + ThreadScheduling.fifo(
                            ThreadScheduling.tidNamed("modbus-rtu-" + a.portName()), rt));
                    System.err.println("--rt: socat (the wire) " + ThreadScheduling.fifo(Long.toString(pty.pid()), rt));
                    System.err.println("--rt: client watchdog " + ThreadScheduling.fifo(
                            ThreadScheduling.tidNamed("modbus-client-watchdog"), rt));
                }
                Object lock = floodRun == null ? new Object() : floodRun.lock;

                // The probe's thread is made (and made real-time: a chrt child process) before the
                // warm-up, and waits for the measurement's start: setting it up at the boundary
                // cost the first measured period its deadline in round 5's soaks.
                java.util.concurrent.CountDownLatch measuring = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CompletableFuture<String> probed = probe
                        ? java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            if (rt != null) {
                                try {
                                    System.err.println("--rt: wake-up probe " + ThreadScheduling.fifo(ThreadScheduling.currentTid(), rt));
                                } catch (java.io.IOException | InterruptedException e) {
                                    throw new IllegalStateException("--rt for the probe: " + e.getMessage(), e);
                                }
                            }
                            try {
                                measuring.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException("wake-up probe interrupted before the measurement", e);
                            }
                            return WakeUpProbe.run(minutes);
                        }, r -> {
                            Thread t = new Thread(r, "wake-up-probe");
                            t.setDaemon(true);
                            t.start();
                        })
                        : null;

                // The warm-up runs the very loop the measurement runs, on the same thread, so that the
                // JIT has compiled it (park, spin, control step) before the first measured period.
                LoopThread loop = new LoopThread(rt);
                Periods warm = loop.call(() -> Periods.run(board, port, warmUp, periodNanos, null, lock));
                System.err.printf(Locale.ROOT, "soak: %d periods of 10 ms (%.1f min) over RTU %d baud%s%s%s%n", periods,
                        minutes, baud, lineTiming ? " with line timing" : "", hogs > 0 ? ", beside " + hogs + " CPU hogs" : "",
                        flood ? ", remote interface flooded with malformed frames" : "");
                measuring.countDown();
                Periods measured = loop.call(() -> Periods.run(board, port, periods, periodNanos, "soak", lock));
                loop.close();
                if (floodRun != null) {
                    System.out.println(floodRun.stop());
                }
                if (probed != null) {
                    System.out.print("wake-up probe, same load, same time: " + probed.get());
                }
                long[] lateness = measured.lateness;
                long[] work = measured.work;
                java.util.List<String> missedAt = measured.missedAt;
                Arrays.sort(lateness);
                Arrays.sort(work);
                long[] j = Arrays.copyOfRange(measured.jitter, 1, measured.jitter.length);
                Arrays.sort(j);
                System.out.printf(Locale.ROOT, "warm-up: %d periods (30 s), deadline misses %d%s%n", warmUp, warm.missedAt.size(),
                        warm.missedAt.isEmpty() ? "" : " at " + String.join(", ", warm.missedAt));
                System.out.printf(Locale.ROOT, "garbage collection pauses while measuring: %d, %d ms in total (JVM: %s, %s)%n",
                        measured.collections, measured.collectionMillis, System.getProperty("java.vm.version"),
                        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(java.lang.management.GarbageCollectorMXBean::getName)
                                .collect(java.util.stream.Collectors.joining(" + ")));
                System.out.printf(Locale.ROOT, "measured: %d periods, deadline misses %d%s, transactions %d, board state %s%n",
                        periods, missedAt.size(), missedAt.isEmpty() ? "" : " at " + String.join(", ", missedAt),
                        port.transactions(), board.state().label());
                System.out.printf(Locale.ROOT, "wake-up lateness  p50 %s  p99 %s  p99.9 %s  max %s%n",
                        ms(q(lateness, 0.5)), ms(q(lateness, 0.99)), ms(q(lateness, 0.999)), ms(lateness[lateness.length - 1]));
                System.out.printf(Locale.ROOT, "period jitter     p50 %s  p99 %s  p99.9 %s  max %s%n",
                        ms(q(j, 0.5)), ms(q(j, 0.99)), ms(q(j, 0.999)), ms(j[j.length - 1]));
                System.out.printf(Locale.ROOT, "control step (incl. FC 23 over the pty)  p50 %s  p99 %s  p99.9 %s  max %s%n",
                        ms(q(work, 0.5)), ms(q(work, 0.99)), ms(q(work, 0.999)), ms(work[work.length - 1]));
                System.out.printf(Locale.ROOT, "plant's own current within step 5's band (%.2f..%.2f A): %d of %d half-cycles after the first 3 s%n",
                        band.loA(), band.hiA(), inBand.get(), judged.get());
            } finally {
                client.close();
                plantSide.close();
            }
        }
    }

    /**
     * The thread the loop runs on, warm-up and measurement alike: without {@code --rt} it keeps
     * whatever the process was started with (e.g. {@code chrt -f 10 taskset -c 1} for the whole
     * JVM); with {@code --rt PRIO@CPU} only this thread (and what it starts) is SCHED_FIFO on that
     * CPU, the JVM's other threads staying SCHED_OTHER on every core.
     */
    private static final class LoopThread implements AutoCloseable {
        private final java.util.concurrent.ExecutorService executor;

        LoopThread(ThreadScheduling.RealTime rt) throws Exception {
            executor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "ccr-rt-loop"));
            if (rt != null) {
                // set from this thread, not the loop's: what chrt's start brings (the JDK's process
                // reaper thread) would otherwise inherit the loop's policy and CPU
                System.err.println("--rt: control loop " + ThreadScheduling.fifo(call(ThreadScheduling::currentTid), rt));
                System.err.println("--rt: " + io.github.ccrhil.ccr.emulator.sim.PauseCollector.ofThisJvm().said());
                System.err.println("--rt: " + io.github.ccrhil.ccr.emulator.sim.DeviceInterrupts.onCpus(rt.cpuList()).said());
            }
        }

        <T> T call(java.util.concurrent.Callable<T> work) throws Exception {
            try {
                return executor.submit(work).get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : e;
            }
        }

        @Override
        public void close() {
            executor.shutdown();
        }
    }

    /** What happened in a run of periods, paced on the wall clock. */
    private static final class Periods {
        final long[] lateness;
        final long[] work;
        final long[] jitter;
        final java.util.List<String> missedAt = new java.util.ArrayList<>();
        long collections;
        long collectionMillis;

        private Periods(int n) {
            lateness = new long[n];
            work = new long[n];
            jitter = new long[n];
        }

        /**
         * Runs {@code n} periods: park until 200 µs before the period starts, spin to it, run one
         * control step (a heartbeat command each second). A period misses its deadline when its
         * step ends after the next period should start; the schedule then skips to the next
         * period still ahead.
         */
        static Periods run(ControlBoard board, ModbusHardwarePort port, long n, long periodNanos, String progress,
                Object lock) throws Exception {
            Periods p = new Periods((int) n);
            long gcCount0 = gcCount();
            long gcMillis0 = gcMillis();
            long lastStart = 0;
            long next = System.nanoTime() + periodNanos;
            for (int k = 0; k < n; k++) {
                long now;
                while ((now = System.nanoTime()) < next - 200_000) {
                    LockSupport.parkNanos(next - 200_000 - now);
                }
                while ((now = System.nanoTime()) < next) {
                    Thread.onSpinWait();
                }
                p.lateness[k] = now - next;
                if (k > 0) {
                    p.jitter[k] = Math.abs(now - lastStart - periodNanos);
                }
                lastStart = now;
                synchronized (lock) {
                    if (k % 100 == 0) {
                        board.command(new Command.Heartbeat());
                    }
                    board.controlStep(port);
                }
                long done = System.nanoTime();
                p.work[k] = done - now;
                next += periodNanos;
                if (done > next) {
                    // JVM uptime too, to line a miss up with -Xlog:gc / -Xlog:safepoint timestamps, and the
                    // monotonic clock at the period's start (System.nanoTime is CLOCK_MONOTONIC on Linux),
                    // to line it up with a kernel trace on the mono clock (bench/scripts/host-stops.sh)
                    p.missedAt.add(String.format(Locale.ROOT, "%.2f s (step took %.1f ms; JVM uptime %.3f s; monotonic %.3f s)", k / 100.0,
                            (done - now) / 1e6, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                            (next - periodNanos) / 1e9));
                    next += ((done - next) / periodNanos + 1) * periodNanos;
                }
                if (progress != null && k > 0 && k % 6000 == 0) {
                    System.err.printf(Locale.ROOT, "%s: %d s, %d misses so far%n", progress, k / 100, p.missedAt.size());
                }
            }
            p.collections = gcCount() - gcCount0;
            p.collectionMillis = gcMillis() - gcMillis0;
            return p;
        }

        // the pauses: ZGC and Shenandoah also have a "... Cycles" bean whose time runs beside the
        // application, not a stop of it; those are counted apart (cycles())
        private static long gcCount() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .filter(b -> !b.getName().endsWith("Cycles"))
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static long gcMillis() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .filter(b -> !b.getName().endsWith("Cycles"))
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        }
    }

    /** The quantile of sorted values (nearest rank, rounded down). */
    static long q(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /**
     * The board's remote interface served on loopback TCP and flooded with malformed frames by a
     * child process. Under the documented settings ({@code chrt -f 10 taskset -c 1}) everything
     * this JVM starts inherits SCHED_FIFO 10 on the loop's core, and a flood sender or a server
     * thread that never blocks would starve the loop at the same priority (seen: no output in 7
     * minutes). So the sender is a child process put back to SCHED_OTHER on every core, as the
     * hogs are, and the server's acceptor thread is put back to SCHED_OTHER on every core before
     * the first connection: the connection threads it starts inherit that. The loop keeps its
     * priority over the remote interface, as a CCR's control task has over its communication task.
     */
    private static final class Flood {
        static final String SENDER = "--flood-sender";
        final Object lock = new Object();
        private io.github.ccrhil.modbus.tcp.ModbusTcpServer server;
        private Process sender;
        private final java.util.List<String> senderOut = new java.util.concurrent.CopyOnWriteArrayList<>();

        static Flood start(ControlBoard board) throws java.io.IOException, InterruptedException {
            Flood f = new Flood();
            io.github.ccrhil.ccr.emulator.device.CcrModbusDevice device = new io.github.ccrhil.ccr.emulator.device.CcrModbusDevice(board, f.lock);
            f.server = new io.github.ccrhil.modbus.tcp.ModbusTcpServer(device.serverCore(),
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
            int port = f.server.port();
            int cores = machineCores();
            System.err.println("flood: remote interface's acceptor thread "
                    + ThreadScheduling.other(ThreadScheduling.tidNamed("modbus-tcp-accept-" + port), cores));
            String javaExe = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            f.sender = new ProcessBuilder("chrt", "-o", "0", "taskset", "-c", "0-" + (cores - 1), javaExe, "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), RealTimeSoak.class.getName(), SENDER, Integer.toString(port))
                    .redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(f.sender.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        f.senderOut.add(line);
                    }
                } catch (java.io.IOException gone) {
                    // the sender has ended
                }
            }, "flood-sender-output");
            reader.setDaemon(true);
            reader.start();
            return f;
        }

        /** The child process: malformed frames to the port as fast as it takes them, until killed; its counts every second. */
        static void send(int port) {
            AtomicLong frames = new AtomicLong();
            AtomicLong reconnects = new AtomicLong();
            // the counts every second, so that the last line the parent read holds however the sender ends
            Thread counts = new Thread(() -> {
                while (true) {
                    LockSupport.parkNanos(1_000_000_000L);
                    System.out.printf(Locale.ROOT, "%d malformed frames sent, %d reconnections%n", frames.get(), reconnects.get());
                }
            }, "flood-counts");
            counts.setDaemon(true);
            counts.start();
            java.util.SplittableRandom random = new java.util.SplittableRandom(14);
            byte[][] shapes = {
                {0, 1, 0, 0, 0, 0, 1, 3},                              // MBAP length 0
                {0, 2, 0, 0, 0, 2, 1, 0x55},                           // unknown function code
                {0, 3, 0, 0, 0, 6, 1, 3, 0},                            // truncated read request
                {0, 4, 0, 7, 0, 6, 1, 3, 0, 0, 0, 1},                   // wrong protocol id
                {0, 5, 0, 0, (byte) 0xFF, (byte) 0xFF, 1, 3, 0, 0, 0, 1}, // length far too long
            };
            while (true) {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    java.io.OutputStream out = s.getOutputStream();
                    byte[] garbage = new byte[64];
                    while (true) {
                        if (random.nextInt(4) == 0) {
                            random.nextBytes(garbage);
                            out.write(garbage, 0, 1 + random.nextInt(garbage.length));
                        } else {
                            out.write(shapes[random.nextInt(shapes.length)]);
                        }
                        frames.incrementAndGet();
                    }
                } catch (java.io.IOException dropped) {
                    reconnects.incrementAndGet();
                }
            }
        }

        String stop() throws InterruptedException {
            sender.destroyForcibly().waitFor();
            var c = server.counters().snapshot();
            server.close();
            return String.format(Locale.ROOT, "flood (a child process at SCHED_OTHER): %s (its last count, at most 1 s old); "
                    + "server counters %s", senderOut.isEmpty() ? "the sender printed no counts"
                    : senderOut.get(senderOut.size() - 1), c);
        }
    }

    /** Every core of the machine, not just those this process may run on (taskset narrows the latter). */
    static int machineCores() {
        try {
            Process p = new ProcessBuilder("nproc", "--all").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Math.max(1, Integer.parseInt(out));
        } catch (java.io.IOException | NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
