package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import io.github.ccrhil.ccr.panelweb.PanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.emulator.device.ModbusHardwarePort;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.ccr.emulator.sim.InProcessHardwarePort;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
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

    @Option(names = "--plant-baud", defaultValue = "115200", description = "baud rate of --plant-rtu (default ${DEFAULT-VALUE})")
    int plantBaud;

    @Option(names = "--plant-unit", defaultValue = "2", description = "unit id of the power stage (default ${DEFAULT-VALUE})")
    int plantUnit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Selector key = keySwitch(keySwitch);
        SimulatedClock clock = new SimulatedClock();
        var steps = StepTables.byName(stepTable);
        ControlBoard board = new ControlBoard(BoardConfig.defaults(steps, hz).withEquipment(
                io.github.ccrhil.ccr.firmware.board.DesignatedEquipment.model(
                        io.github.ccrhil.ccr.emulator.sim.CcrSimulation.currentControlSoftwareSha256())), clock);
        Object lock = new Object();
        ModbusClient plantClient = null;
        HardwarePort port;
        if (plantLink == null) {
            PlantConfig config = new PlantConfig(400, hz, 10_000, steps.ratedCurrentA(),
                    LoopConfig.forLoad(10_000, steps.ratedCurrentA(), 0.8, 0.0, 2000.0, hz), 200, 1, 0.002, 1L);
            port = new InProcessHardwarePort(Plants.averaged(config), clock);
        } else {
            LinkOptions p = new LinkOptions();
            p.rtu = plantLink.rtu;
            p.tcp = plantLink.tcp;
            p.baud = plantBaud;
            p.parity = "none";
            p.stopBits = 1;
            p.timeout = "200ms";
            plantClient = p.client();
            port = new ModbusHardwarePort(plantClient, plantUnit, clock);
        }
        if (board.command(new io.github.ccrhil.ccr.firmware.board.Command.SetSelector(key)) instanceof CommandOutcome.Refused r) {
            throw new IllegalArgumentException("--key-switch " + keySwitch + ": " + r.reason());
        }
        DisplayPanel panel = new DisplayPanel(board, clock, PanelConfig.defaults());
        CcrModbusDevice device = new CcrModbusDevice(board, lock);
        Duration halfCycle = Duration.ofNanos(StrictMath.round(0.5e9 / hz));
        try (Servers.Running server = Servers.start(link, device.serverCore(), unit);
             FirmwareLoop loop = new FirmwareLoop(board, port, lock, halfCycle, true, Long.MAX_VALUE).start();
             PanelWebServer page = panelWeb.start(PanelAccess.locked(panel, lock), out)) {
            out.println("emulated CCR: unit " + unit + " on " + server.where() + "; reference register map; plant "
                    + (plantLink == null ? "in-process" : "over " + (plantLink.rtu != null ? plantLink.rtu : plantLink.tcp))
                    + "; key switch " + key);
            out.flush();
            Servers.await(duration == null ? null : LinkOptions.parseDuration(duration, "--duration"));
            out.println("control periods: " + loop.periods() + " (overruns " + loop.overruns() + "); " + server.counters().snapshot());
        } finally {
            if (plantClient != null) {
                plantClient.close();
            }
        }
        return 0;
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
