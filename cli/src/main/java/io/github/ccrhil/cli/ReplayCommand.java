package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.campaign.CaseRunner;
import io.github.ccrhil.ccr.verify.campaign.PropertyChecks;
import io.github.ccrhil.ccr.verify.campaign.PropertyVerdicts;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import io.github.ccrhil.ccr.emulator.scenario.ScenarioReader;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.emulator.trace.TraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Replays a scenario file (typically one a failing property campaign wrote) on the emulated DUT
 * in simulated time, re-checks every campaign property and prints the verdicts. Exit code 0 when
 * none fails, 1 when any fails, 2 for a bad file.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run a scenario file on the emulated DUT in simulated time, judge every campaign property",
                "and print the verdicts. Exits 1 if any property fails (a reproduced failure)."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1", paramLabel = "SCENARIO", description = "Scenario file (YAML), e.g. one written by a failing campaign.")
    Path scenarioFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "Also write the trace (CSV) of the run here.")
    Path trace;

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintWriter o = spec.commandLine().getOut();
        Scenario s = ScenarioReader.read(scenarioFile);
        CaseRunner.Result r = CaseRunner.run(s);
        o.printf(Locale.ROOT, "replay %s   scenario %s   seed %d   %s plant   %.3f s simulated, %d half-cycles, run twice%n",
                scenarioFile, s.name(), s.seed(), s.fidelity().name().toLowerCase(Locale.ROOT),
                s.duration().toNanos() / 1e9, r.rows());
        for (Verdict v : r.verdicts()) {
            o.println(PropertyVerdicts.line(v));
        }
        if (trace != null) {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("tool", "ccr-hil replay");
            header.put("scenario", s.name() + " (" + scenarioFile + ")");
            header.put("seed", Long.toString(s.seed()));
            if (trace.toAbsolutePath().getParent() != null) {
                Files.createDirectories(trace.toAbsolutePath().getParent());
            }
            TraceWriter w = TraceWriter.open(trace, header);
            try {
                CcrSimulation.of(s).run(w::write, CcrSimulation.Progress.NONE);
            } finally {
                w.close();
            }
            o.println("trace   " + trace + "   sha256 " + w.sha256());
        }
        long failed = r.verdicts().stream().filter(Verdict::failed).count();
        o.println(failed == 0 ? "all " + PropertyChecks.ALL.size() + " properties hold (or do not apply)"
                : failed + " propert" + (failed == 1 ? "y" : "ies") + " FAILED");
        return failed == 0 ? 0 : Main.EXIT_FAILED;
    }
}
