package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import io.github.ccrhil.ccr.panelweb.PanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.ccr.firmware.board.EventKind;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.ControlPathWarmup;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.device.OverrunLog;
import io.github.ccrhil.ccr.emulator.device.ModbusHardwarePort;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.ccr.emulator.sim.IdlePoller;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.ccr.emulator.sim.IsolatedCpus;
import io.github.ccrhil.ccr.emulator.sim.ThreadScheduling;
import io.github.ccrhil.ccr.emulator.sim.TtyReceiveWorkers;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the emulated CCR (control board, current-control software, plant) in real time as a
 * Modbus slave with the reference register map. The plant runs in-process, or at the far end of
 * a second link ({@code --plant-rtu}/{@code --plant-tcp}, a {@code power-stage} process).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the emulated CCR in real time as a Modbus slave (reference register map) on --rtu <tty>",
            "or --tcp <host:port>. The plant runs in-process, or over a second link to a power-stage process."})
public final class ServeCcrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LinkOptions link;

    @Option(names = "--unit", defaultValue = "1", description = "unit id (default ${DEFAULT-VALUE})")
    int unit;

    @Option(names = "--step-table", defaultValue = "6.6A-5step", description = "6.6A-5step, 6.6A-3step or 20A-5step (default ${DEFAULT-VALUE})")
    String stepTable;

    @Option(names = "--hz", defaultValue = "50", description = "mains frequency (default ${DEFAULT-VALUE})")
    double hz;

    @Option(names = "--duration", description = "stop after this long (default: run until stopped)")
    String duration;

    @Mixin
    PanelWebOption panelWeb;

    @Option(names = "--key-switch", paramLabel = "remote|local|off", defaultValue = "remote",
            description = "position of the regulator's key switch at start (default ${DEFAULT-VALUE}); the panel page turns it while running")
    String keySwitch;

    /** The plant at the far end of a link. */
    static final class PlantLink {
        @Option(names = "--plant-rtu", paramLabel = "<tty>", description = "the power stage is a Modbus RTU device on this port")
        String rtu;

        @Option(names = "--plant-tcp", paramLabel = "<host:port>", description = "the power stage is a Modbus/TCP device here")
        String tcp;
    }

    @ArgGroup(exclusive = true)
    PlantLink plantLink;

    @Option(names = "--plant-timeout", defaultValue = "200ms",
            description = "answer timeout of the power-stage link; a later answer is a missed sample (default ${DEFAULT-VALUE})")
    String plantTimeout;

    @Option(names = "--warmup", defaultValue = "2s",
            description = "exercise a throwaway copy of the control path this long before the port opens; 0 skips it (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--max-lag", defaultValue = "100ms",
            description = "lag behind the wall clock past which the run is declared not valid for timing judgements (default ${DEFAULT-VALUE})")
    String maxLag;

    @Option(names = "--plant-baud", defaultValue = "115200", description = "baud rate of --plant-rtu (default ${DEFAULT-VALUE})")
    int plantBaud;

    @Option(names = "--plant-unit", defaultValue = "2", description = "unit id of the power stage (default ${DEFAULT-VALUE})")
    int plantUnit;

    @Option(names = "--rt", paramLabel = "PRIO@CPU",
            description = {"run the control loop's thread (and, with --plant-rtu, the link's deadline watchdog) SCHED_FIFO at PRIO "
                + "pinned to CPU (e.g. 10@1; root or CAP_SYS_NICE), with an idle poller keeping that CPU out of idle and every other "
                + "process of the machine moved off that CPU while serve runs (put back when it ends, SIGKILL included); "
                + "every other thread of serve stays SCHED_OTHER"})
    String rt;

    @Option(names = "--no-idle-poll",
            description = "with --rt: no idle poller on the loop's CPU (it may then halt between periods and wake late)")
    boolean noIdlePoll;

    @Option(names = "--no-tty-workers",
            description = "with --rt and --plant-rtu: leave the kernel's workers that carry the serial line's received bytes SCHED_OTHER"
                    + " (by default they run SCHED_FIFO one below the loop while serve runs, so that the link's answers do not wait"
                    + " behind other load)")
    boolean noTtyWorkers;

    @Option(names = "--no-isolate",
            description = "with --rt: leave other processes on the loop's CPU (by default every other process of the machine is moved"
                    + " to the remaining CPUs while serve runs, and put back when it ends)")
    boolean noIsolate;

    @Option(names = "--nodes", split = ",", paramLabel = "<id>",
            description = "an RS-485 bus on the one --rtu port: an emulated CCR at each of these node ids (e.g. 1,2,3), each"
                    + " answering only its own frames, broadcasts executed by all (plant in-process; not with --unit or --panel-web)")
    java.util.List<Integer> nodes;

    @Option(names = "--previous-software",
            description = "run the previous current-control software (0.0.9), as a CCR the update did not reach: it reports that version's hash")
    boolean previousSoftware;

    /** The hash the previous current-control software (0.0.9) reports: SHA-256 of its name and version, the emulated stand-in. */
    static final String PREVIOUS_SOFTWARE_SHA256 = io.github.ccrhil.evidence.bundle.Manifest.sha256(
            "ccr-hil current-control software 0.0.9".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Selector key = keySwitch(keySwitch);
        panelWeb.validate();
        PrintWriter err = spec.commandLine().getErr();
        Duration warmupBudget = LinkOptions.parseDuration(warmup, "--warmup");
        Duration lagLimit = LinkOptions.parseDuration(maxLag, "--max-lag");
        ThreadScheduling.RealTime realTime = rt == null ? null : ThreadScheduling.RealTime.parse(rt);
        if (realTime == null && noIdlePoll) {
            throw new IllegalArgumentException("--no-idle-poll goes with --rt PRIO@CPU");
        }
        if (realTime == null && noIsolate) {
            throw new IllegalArgumentException("--no-isolate goes with --rt PRIO@CPU");
        }
        if (realTime == null && noTtyWorkers) {
            throw new IllegalArgumentException("--no-tty-workers goes with --rt PRIO@CPU");
        }
        if (realTime != null && nodes != null) {
            throw new IllegalArgumentException("--rt goes with one CCR's loop, not with a bus of --nodes");
        }
        SimulatedClock clock = new SimulatedClock();
        var steps = StepTables.byName(stepTable);
        // each component hashed over its own classes and this configuration
        BoardConfig boardConfig = io.github.ccrhil.ccr.emulator.sim.ComponentHashes.stamped(BoardConfig.defaults(steps, hz));
        if (previousSoftware) {
            boardConfig = boardConfig.withEquipment(boardConfig.equipment().withSoftwareSha256(PREVIOUS_SOFTWARE_SHA256));
        }
        PlantConfig plantConfig = new PlantConfig(400, hz, 10_000, steps.ratedCurrentA(),
                LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, hz), 200, 1, 0.002, 1L);
        if (!warmupBudget.isZero()) {
            out.println(ControlPathWarmup.run(boardConfig, Plants.averaged(plantConfig), warmupBudget, 4000));
            out.flush();
        }
        if (nodes != null) {
            return bus(out, err, key, boardConfig, steps, lagLimit);
        }
        ControlBoard board = new ControlBoard(boardConfig, clock);
        Object lock = new Object();
        ModbusClient plantClient = null;
        HardwarePort port;
        if (plantLink == null) {
            port = new InProcessHardwarePort(Plants.averaged(plantConfig), clock);
        } else {
            LinkOptions p = new LinkOptions();
            p.rtu = plantLink.rtu;
            p.tcp = plantLink.tcp;
            p.baud = plantBaud;
            p.parity = "none";
            p.stopBits = 1;
            p.timeout = plantTimeout;
            plantClient = p.client();
            port = new ModbusHardwarePort(plantClient, plantUnit, clock);
        }
        if (board.command(new io.github.ccrhil.ccr.firmware.board.Command.SetSelector(key)) instanceof CommandOutcome.Refused r) {
            throw new IllegalArgumentException("--key-switch " + keySwitch + ": " + r.reason());
        }
        DisplayPanel panel = new DisplayPanel(board, clock, PanelConfig.defaults());
        CcrModbusDevice device = new CcrModbusDevice(board, lock);
        Duration halfCycle = Duration.ofNanos(StrictMath.round(0.5e9 / hz));
        OverrunLog overrunLog = new OverrunLog(err, lagLimit, 5);
        FirmwareLoop loop = new FirmwareLoop(board, port, lock, halfCycle, true, Long.MAX_VALUE).onOverrun(overrunLog);
        IdlePoller poller = null;
        TtyReceiveWorkers ttyWorkers = null;
        IsolatedCpus isolation = null;
        if (realTime == null) {
            loop.start();
        } else {
            try {
                poller = noIdlePoll ? null : IdlePoller.start(realTime.cpuList());
                isolation = noIsolate ? null : IsolatedCpus.keep(realTime.cpuList());
                StringBuilder said = new StringBuilder("real time: control loop ");
                loop.start(tid -> said.append(ThreadScheduling.fifo(tid, realTime)));
                if (plantLink != null && plantLink.rtu != null) {
                    // the RTU client's deadline watchdog cuts a late transaction: it must run when the loop waits on it
                    said.append("; power stage link's watchdog ")
                            .append(ThreadScheduling.fifo(ThreadScheduling.tidNamed("modbus-client-watchdog"), realTime));
                    if (noTtyWorkers) {
                        said.append("; the kernel's tty receive workers left as they are (--no-tty-workers)");
                    } else {
                        ttyWorkers = TtyReceiveWorkers.start(TtyReceiveWorkers.belowTheLoop(realTime.priority()), realTime.cpuList(),
                                Duration.ofMillis(200));
                        said.append("; ").append(ttyWorkers.said());
                    }
                }
                said.append("; ").append(isolation == null ? "other processes left on the loop's CPU (--no-isolate)" : isolation.said());
                said.append("; ").append(poller == null ? "no idle poller (--no-idle-poll)" : poller.toString())
                        .append("; every other thread as started; ")
                        .append(io.github.ccrhil.ccr.emulator.sim.PauseCollector.ofThisJvm().said()).append("; ")
                        .append(io.github.ccrhil.ccr.emulator.sim.DeviceInterrupts.onCpus(realTime.cpuList()).said());
                out.println(said);
                out.flush();
            } catch (ThreadScheduling.Refused e) {
                loop.close();
                if (poller != null) {
                    poller.close();
                }
                if (ttyWorkers != null) {
                    ttyWorkers.close();
                }
                if (isolation != null) {
                    isolation.close();
                }
                if (plantClient != null) {
                    plantClient.close();
                }
                throw new IllegalArgumentException("--rt " + realTime + " refused: " + e.getMessage(), e);
            }
        }
        IdlePoller idlePoller = poller;
        TtyReceiveWorkers receiveWorkers = ttyWorkers;
        IsolatedCpus isolatedCpus = isolation;
        // the loop's first periods (first exchange with the power stage, first pacing) run before
        // the port opens, so that a command sent the moment it opens never waits on them
        long settleBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (loop.periods() < 50 && System.nanoTime() < settleBy) {
            Thread.sleep(5);
        }
        Servers.Running server = Servers.start(link, device.serverCore(), unit, device.profile());
        PanelWebServer page = panelWeb.start(PanelAccess.locked(panel, lock), out);
        ModbusClient plantLinkClient = plantClient;
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            loop.close();
            if (idlePoller != null) {
                idlePoller.close();
            }
            if (receiveWorkers != null) {
                receiveWorkers.close();
            }
            if (isolatedCpus != null) {
                isolatedCpus.close();
            }
            if (page != null) {
                page.close();
            }
            overrunLog.close();
            server.close();
            if (plantLinkClient != null) {
                plantLinkClient.close();
            }
            synchronized (lock) {
                out.println(summary(loop, board, port, overrunLog) + "; " + server.counters().snapshot());
                for (var e : board.events().snapshot()) {
                    if (e.kind() == EventKind.HARDWARE_FAULT || e.kind() == EventKind.SAMPLE_MISSED
                            || e.kind() == EventKind.SAMPLES_RESUMED || e.kind() == EventKind.PROTECTION_TRIPPED) {
                        out.println("  event " + e.timestamp() + " " + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                                + ": " + e.detail());
                    }
                }
            }
            out.flush();
        };
        Thread onSignal = new Thread(finish, "serve-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        out.println("emulated CCR: unit " + unit + " on " + server.where() + "; reference register map; plant "
                + (plantLink == null ? "in-process" : "over " + (plantLink.rtu != null ? plantLink.rtu : plantLink.tcp))
                + "; key switch " + key);
        out.flush();
        try {
            Servers.await(duration == null ? null : LinkOptions.parseDuration(duration, "--duration"));
        } finally {
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to do
            }
        }
        return 0;
    }

    /**
     * {@code --nodes}: one emulated CCR per node id, each with its own board, plant and regulation
     * loop, all served by one multi-drop RTU server on the {@code --rtu} port, as CCRs on one RS-485 bus.
     */
    private int bus(PrintWriter out, PrintWriter err, Selector key, BoardConfig boardConfig,
                    io.github.ccrhil.ccr.firmware.control.StepTable steps, Duration lagLimit) throws Exception {
        if (link.rtu == null || link.tcp != null) {
            throw new IllegalArgumentException("--nodes: a bus is a serial line: give --rtu <tty>");
        }
        if (plantLink != null || panelWeb.enabled() || spec.commandLine().getParseResult().hasMatchedOption("--unit")) {
            throw new IllegalArgumentException("--nodes: each node's plant runs in-process; --unit, --plant-rtu|--plant-tcp and"
                    + " --panel-web are for a single CCR");
        }
        java.util.Set<Integer> ids = new java.util.TreeSet<>();
        for (int n : nodes) {
            if (n < 1 || n > 247) {
                throw new IllegalArgumentException("--nodes: node ids are 1..247, was " + n);
            }
            if (!ids.add(n)) {
                throw new IllegalArgumentException("--nodes: node " + n + " is given twice");
            }
        }
        PlantConfig plantConfig = new PlantConfig(400, hz, 10_000, steps.ratedCurrentA(),
                LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, hz), 200, 1, 0.002, 1L);
        Duration halfCycle = Duration.ofNanos(StrictMath.round(0.5e9 / hz));
        java.util.Map<Integer, io.github.ccrhil.modbus.server.ModbusServerCore> cores = new java.util.LinkedHashMap<>();
        java.util.List<FirmwareLoop> loops = new java.util.ArrayList<>();
        java.util.List<ControlBoard> boards = new java.util.ArrayList<>();
        java.util.List<HardwarePort> ports = new java.util.ArrayList<>();
        OverrunLog overrunLog = new OverrunLog(err, lagLimit, 5);
        for (int n : ids) {
            SimulatedClock clock = new SimulatedClock();
            ControlBoard board = new ControlBoard(boardConfig, clock);
            if (board.command(new io.github.ccrhil.ccr.firmware.board.Command.SetSelector(key)) instanceof CommandOutcome.Refused r) {
                throw new IllegalArgumentException("--key-switch " + keySwitch + ": " + r.reason());
            }
            Object lock = new Object();
            HardwarePort port = new InProcessHardwarePort(Plants.averaged(plantConfig), clock);
            CcrModbusDevice device = new CcrModbusDevice(board, lock);
            loops.add(new FirmwareLoop(board, port, lock, halfCycle, true, Long.MAX_VALUE).onOverrun(overrunLog).start());
            boards.add(board);
            ports.add(port);
            cores.put(n, device.serverCore());
        }
        io.github.ccrhil.modbus.serial.ModbusRtuServer server = io.github.ccrhil.modbus.serial.ModbusRtuServer.multiDrop(
                io.github.ccrhil.modbus.serial.JsscSerialPort.open(link.serial(), link.timing()));
        cores.forEach(server::attach);
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            loops.forEach(FirmwareLoop::close);
            overrunLog.close();
            server.close();
            int i = 0;
            for (int n : ids) {
                out.println("node " + n + ": " + summary(loops.get(i), boards.get(i), ports.get(i), overrunLog));
                i++;
            }
            out.println("bus: " + server.counters().snapshot());
            out.flush();
        };
        Thread onSignal = new Thread(finish, "serve-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        out.println("emulated CCRs: nodes " + ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                + " on " + link.describe() + " (one multi-drop RTU server); reference register map; plants in-process; key switch " + key);
        out.flush();
        try {
            Servers.await(duration == null ? null : LinkOptions.parseDuration(duration, "--duration"));
        } finally {
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to do
            }
        }
        return 0;
    }

    /** The counters serve prints when it stops, however it is stopped. */
    static String summary(FirmwareLoop loop, ControlBoard board, HardwarePort port, OverrunLog overrunLog) {
        var counters = board.status().counters();
        return "control periods: " + loop.periods() + " (overruns " + loop.overruns() + ", worst "
                + OverrunLog.ms(loop.worstOverrun()) + ", lag " + OverrunLog.ms(loop.lag())
                + (overrunLog.lagExceeded() ? " > max " + OverrunLog.ms(overrunLog.maxLag()) + ": not valid for timing judgements" : "")
                + "); state " + board.state().label() + ", trips " + counters.tripsByCause() + ", missed samples "
                + counters.missedSamples()
                + (port instanceof ModbusHardwarePort m ? ", power-stage transactions " + m.transactions() : "");
    }

    static Selector keySwitch(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "remote" -> Selector.REMOTE;
            case "local" -> Selector.LOCAL;
            case "off" -> Selector.OFF;
            default -> throw new IllegalArgumentException("--key-switch must be remote, local or off, was " + text);
        };
    }
}
