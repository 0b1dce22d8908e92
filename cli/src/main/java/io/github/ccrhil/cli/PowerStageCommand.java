package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.device.ControlPathWarmup;
import io.github.ccrhil.ccr.emulator.device.PowerStageDevice;
import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.plant.CircuitModel;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the emulated power stage and series loop alone, as a Modbus device (profile power-stage.yaml). */
@Command(name = "power-stage", mixinStandardHelpOptions = true,
        description = {"Run the emulated power stage and series loop alone as a Modbus device, for a control loop",
            "over a real link (the firmware side: serve --plant-rtu/--plant-tcp). The plant keeps its own trace."})
public final class PowerStageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LinkOptions link;

    @Option(names = "--unit", defaultValue = "2", description = "unit id (default ${DEFAULT-VALUE})")
    int unit;

    @Option(names = "--rated-va", defaultValue = "10000", description = "CCR rating, VA (default ${DEFAULT-VALUE})")
    double ratedVa;

    @Option(names = "--rated-current", defaultValue = "6.6", description = "top-step current, A (default ${DEFAULT-VALUE})")
    double ratedCurrent;

    @Option(names = "--load", defaultValue = "0.8", description = "loop load, fraction of the rating (default ${DEFAULT-VALUE})")
    double load;

    @Option(names = "--mains", defaultValue = "400", description = "mains voltage, V (default ${DEFAULT-VALUE})")
    double mainsV;

    @Option(names = "--hz", defaultValue = "50", description = "mains frequency (default ${DEFAULT-VALUE})")
    double hz;

    @Option(names = "--waveform", description = "waveform model (default: averaged)")
    boolean waveform;

    @Option(names = "--seed", defaultValue = "1", description = "sensor-noise seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--trace", paramLabel = "<file.csv>", description = "write the plant's own trace, one row per half-cycle")
    Path trace;

    @Option(names = "--warmup", defaultValue = "2s",
            description = "exercise a throwaway copy of the control path this long before the port opens; 0 skips it (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--duration", description = "stop after this long (default: run until stopped)")
    String duration;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PlantConfig config = new PlantConfig(mainsV, hz, ratedVa, ratedCurrent,
                LoopConfig.forLoad(ratedVa, ratedCurrent, load, 0.0, 2000.0, hz), 200, 1, 0.002, seed);
        CircuitModel plant = waveform ? Plants.waveform(config) : Plants.averaged(config);
        BufferedWriter traceOut = trace == null ? null : Files.newBufferedWriter(trace, StandardCharsets.UTF_8);
        if (traceOut != null) {
            traceOut.write("half_cycle,time_s,contactor,firing_angle_rad,true_current_rms_a,true_peak_a,true_voltage_rms_v,true_power_w,conduction_rad\n");
        }
        PowerStageDevice device = new PowerStageDevice(plant, traceOut == null ? null : (i, c, a, h) -> {
            try {
                traceOut.write(String.format(Locale.ROOT, "%d,%.6f,%d,%.5f,%.6f,%.6f,%.3f,%.3f,%.5f%n", i, h.startSeconds,
                        c ? 1 : 0, a, h.trueCurrentRms, h.truePeakCurrent, h.trueVoltageRms, h.truePowerW, h.conductionAngleRad));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Duration warmupBudget = LinkOptions.parseDuration(warmup, "--warmup");
        if (!warmupBudget.isZero()) {
            PlantConfig throwaway = new PlantConfig(mainsV, hz, ratedVa, ratedCurrent,
                    LoopConfig.forLoad(ratedVa, ratedCurrent, load, 0.0, 2000.0, hz), 200, 1, 0.002, seed);
            out.println(ControlPathWarmup.run(BoardConfig.defaults(StepTables.byName(
                            ratedCurrent > 6.6 ? "20A-5step" : "6.6A-5step"), hz),
                    waveform ? Plants.waveform(throwaway) : Plants.averaged(throwaway), warmupBudget, 4000));
            out.flush();
        }
        Servers.Running server = Servers.start(link, device.serverCore(), unit, device.profile());
        AtomicBoolean finished = new AtomicBoolean();
        Runnable finish = () -> {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            server.close();
            // the server thread writes the trace under the device's lock: once the server is
            // closed, the trace ends at the last half-cycle the plant ran
            synchronized (device) {
                out.println("half-cycles run: " + device.halfCycles() + "; " + server.counters().snapshot());
                out.flush();
                if (traceOut != null) {
                    try {
                        traceOut.close();
                    } catch (IOException e) {
                        spec.commandLine().getErr().println("trace: " + e.getMessage());
                    }
                }
            }
        };
        Thread onSignal = new Thread(finish, "power-stage-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        out.println("power stage: unit " + unit + " on " + server.where() + "; profile power-stage.yaml");
        out.flush();
        try {
            Servers.await(duration == null ? null : LinkOptions.parseDuration(duration, "--duration"));
        } finally {
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        return 0;
    }
}
