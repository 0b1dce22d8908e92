package io.github.ccrhil.cli;

import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.panel.PanelText;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.sim.RunSummary;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.ccr.emulator.sim.StepSegment;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.ccr.panelweb.QueuedPanelAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a scenario: firmware model against the emulated plant, trace, plot and summary. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run a CCR scenario: the firmware model regulating the emulated series circuit.",
                "Without a scenario file, runs the embedded default."})
final class SimulateCommand implements Callable<Integer> {

    /** Runs longer than this (simulated) show a progress bar. */
    private static final Duration PROGRESS_FROM = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "Scenario file (YAML). Default: the embedded default scenario.")
    Path scenarioFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: out/<scenario name>.")
    Path out;

    @Option(names = "--realtime", description = "Pace every control period on the wall clock and count overruns.")
    boolean realtime;

    @Option(names = "--fidelity", paramLabel = "waveform|averaged", description = "Override the scenario's plant fidelity.")
    String fidelity;

    @Option(names = "--seed", paramLabel = "N", description = "Override the scenario's seed.")
    Long seed;

    @Option(names = "--max-lag", defaultValue = "100ms",
            description = "real time: lag behind the wall clock past which the run is not valid for timing judgements (default ${DEFAULT-VALUE})")
    String maxLag;

    @Option(names = "--no-plot", description = "Do not render the PNG plot.")
    boolean noPlot;

    @Option(names = "--no-progress", description = "Never show a progress bar.")
    boolean noProgress;

    @Mixin
    PanelWebOption panelWeb;

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintWriter o = spec.commandLine().getOut();
        Scenario scenario = scenarioFile == null ? ScenarioReader.defaultScenario() : ScenarioReader.read(scenarioFile);
        scenario = overridden(scenario);
        if (panelWeb.enabled() && !realtime) {
            throw new IllegalArgumentException("--panel-web needs --realtime (in simulated time the run is over before a page could follow it)");
        }
        panelWeb.validate();
        CcrSimulation sim = CcrSimulation.of(scenario);
        QueuedPanelAccess panelAccess = panelWeb.enabled() ? new QueuedPanelAccess(sim.panel(), Duration.ofSeconds(1)) : null;
        Path dir = out != null ? out : Path.of("out", scenario.name());
        Files.createDirectories(dir);
        Path tracePath = dir.resolve("trace.csv");
        Map<String, String> header = header(scenario, sim);

        List<TraceRow> rows = new ArrayList<>();
        RunSummary summary;
        boolean showProgress = !noProgress && (realtime || scenario.duration().compareTo(PROGRESS_FROM) > 0);
        try (PanelWebServer page = panelAccess == null ? null : panelWeb.start(panelAccess, o);
             TraceWriter trace = TraceWriter.open(tracePath, header);
             ProgressBar bar = showProgress ? progressBar(sim.totalHalfCycles()) : null) {
            CcrSimulation.TraceSink sink = r -> {
                trace.write(r);
                rows.add(r);
                if (panelAccess != null) {
                    panelAccess.runPending();
                }
            };
            PrintWriter err = spec.commandLine().getErr();
            CcrSimulation.Progress progress = new CcrSimulation.Progress() {
                @Override
                public void update(long done, long total) {
                    if (bar != null) {
                        bar.stepTo(done);
                    }
                }

                @Override
                public void lag(java.time.Duration lag, long overruns) {
                    String text = String.format(Locale.ROOT, "lag %.0f ms, %d overruns", lag.toNanos() / 1e6, overruns);
                    if (bar != null) {
                        bar.setExtraMessage(text);
                    } else {
                        err.println("real time: " + text);
                        err.flush();
                    }
                }
            };
            summary = realtime ? sim.runRealTime(sink, progress, LinkOptions.parseDuration(maxLag, "--max-lag"))
                    : sim.run(sink, progress);
            trace.close();
            printReport(o, scenario, sim, summary, tracePath, trace.sha256());
        }
        Path events = dir.resolve("events.csv");
        writeEvents(sim, events);
        o.println("events  " + events + "   (the control board's own event log)");
        if (!noPlot) {
            Path png = dir.resolve("plot.png");
            TracePlot.write(rows, "CCR " + scenario.name() + ": loop current against the tolerance band", 6.7, png);
            o.println("plot    " + png);
        }
        return 0;
    }

    private Scenario overridden(Scenario s) {
        Scenario.Fidelity f = s.fidelity();
        if (fidelity != null) {
            f = switch (fidelity.toLowerCase(Locale.ROOT)) {
                case "waveform" -> Scenario.Fidelity.WAVEFORM;
                case "averaged" -> Scenario.Fidelity.AVERAGED;
                default -> throw new IllegalArgumentException("--fidelity must be waveform or averaged, was '" + fidelity + "'");
            };
        }
        return new Scenario(s.name(), seed != null ? seed : s.seed(), f, s.ccr(), s.mains(), s.loop(), s.duration(), s.events());
    }

    private Map<String, String> header(Scenario s, CcrSimulation sim) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("tool", "ccr-hil simulate");
        h.put("scenario", s.name() + (scenarioFile == null ? " (embedded default)" : " (" + scenarioFile + ")"));
        h.put("seed", Long.toString(s.seed()));
        h.put("fidelity", s.fidelity().name().toLowerCase(Locale.ROOT));
        h.put("runner", realtime ? "real time" : "simulated time");
        if (realtime) {
            h.put("max lag", maxLag + " behind the wall clock; past it the run is not valid for timing judgements"
                    + " (the run's lag and overruns: the summary printed at its end)");
        }
        h.put("time origin", SimulatedClock.EPOCH.toString());
        h.put("step table", sim.steps().name());
        h.put("tolerance table", sim.tolerances().name() + " [" + sim.tolerances().source() + "]");
        for (ComponentIdentity c : sim.board().equipment().components()) {
            h.put("component " + c.component(), c.model() + "; " + c.revision() + "; sha256 " + c.sha256());
        }
        if (panelWeb.enabled()) {
            h.put("panel", "live web page: its keys act on this run and are in events.csv");
        }
        h.put("measurement", "i_rms_A/v_rms_V/p_W are the firmware's own (self-reported); plant_* are the emulated plant's truth");
        return h;
    }

    private static void writeEvents(CcrSimulation sim, Path file) throws IOException {
        StringBuilder b = new StringBuilder("sequence,t_s,kind,detail\n");
        for (Event e : sim.board().events().snapshot()) {
            double t = Duration.between(SimulatedClock.EPOCH, e.timestamp()).toNanos() / 1e9;
            b.append(e.sequence()).append(',').append(String.format(Locale.ROOT, "%.4f", t)).append(',')
                    .append(e.kind()).append(",\"").append(e.detail().replace("\"", "\"\"")).append("\"\n");
        }
        Files.writeString(file, b);
    }

    private static ProgressBar progressBar(long total) {
        return new ProgressBarBuilder().setTaskName("simulating").setInitialMax(total).setUnit(" half-cycles", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
    }

    private static void printReport(PrintWriter o, Scenario s, CcrSimulation sim, RunSummary r, Path trace, String sha) {
        o.println(PanelText.render(sim.panel().view()));
        o.println();
        o.printf(Locale.ROOT, "scenario %s   seed %d   %s plant   %.2f s simulated in %.2f s (%.0fx real time)%n",
                s.name(), r.seed(), s.fidelity().name().toLowerCase(Locale.ROOT), r.simulated().toNanos() / 1e9,
                r.wallClock().toNanos() / 1e9, r.realTimeFactor());
        if (r.overruns() > 0 || !r.latenessP99().isZero()) {
            o.printf(Locale.ROOT, "real time: %d overruns (worst %.1f ms), lag %.1f ms, p99 lateness %.3f ms%n", r.overruns(),
                    r.worstOverrun().toNanos() / 1e6, r.lag().toNanos() / 1e6, r.latenessP99().toNanos() / 1e6);
            r.timingInvalid().ifPresent(reason -> o.println("timing: " + reason));
        }
        o.println("loop current as the plant measured it (independent of the firmware's own reading):");
        o.println("step  from (s)  to (s)   settled after  excursions  max I (A)  final I (A)  band (A)");
        for (StepSegment g : r.segments()) {
            o.printf(Locale.ROOT, "%4d  %8.2f  %7.2f  %13s  %10d  %9.3f  %11.3f  %5.2f .. %5.2f  %s%n",
                    g.step(), g.startSeconds(), g.endSeconds(),
                    g.settled() ? String.format(Locale.ROOT, "%.2f s", g.settlingSeconds()) : "never",
                    g.excursions(), g.maxCurrentA(), g.finalCurrentA(), g.band().loA(), g.band().hiA(),
                    g.band().contains(g.finalCurrentA()) ? "in band" : "OUT OF BAND");
        }
        if (r.trips().isEmpty()) {
            o.println("trips: none");
        }
        for (Event e : r.trips()) {
            double t = Duration.between(SimulatedClock.EPOCH, e.timestamp()).toNanos() / 1e9;
            o.printf(Locale.ROOT, "trip at %.2f s: %s%n", t, e.detail());
        }
        o.printf(Locale.ROOT, "largest half-cycle current %.3f A rms; final state %s%n", r.maxCurrentA(), r.finalState());
        o.println("trace   " + trace + "   sha256 " + sha);
    }
}
