package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.host.HostLoad;
import io.github.ccrhil.evidence.host.HostMonitor;

import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.procedure.RunRecorder;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a test's raw files from a bundle and judges them: the same path for {@code accept} and {@code verify-bundle}. */
public final class BundleJudge {

    public static final String TRACES = "traces";

    private BundleJudge() { }

    /**
     * Resolves {@value DeclaredComponent#REFERENCE_BUILD} to the hash the reference emulated CCR of
     * this distribution reports for that component under the plan's equipment (each component
     * hashed over its own classes and configuration); a literal hash stands for itself.
     */
    public static final IdentityResolver REFERENCE_RESOLVER = (plan, d) -> !d.sha256().equals(DeclaredComponent.REFERENCE_BUILD)
            ? d.sha256()
            : EmulatedCcr.referenceIdentity(plan.equipment()).stream().filter(c -> c.component().equals(d.component()))
                    .map(c -> c.sha256()).findFirst().orElse("no reference component named " + d.component());

    public static String testDir(TestSpec test) {
        return TRACES + "/" + test.id();
    }

    public static Verdict judge(Path bundle, TestPlan plan, TestSpec test, IdentityResolver resolver) throws IOException {
        Judge judge = new Judge(plan, resolver);
        String rel = testDir(test);
        if (test.procedure() == Procedure.IDENTITY) {
            String file = rel + "/" + Procedures.IDENTITY_FILE;
            Path p = bundle.resolve(file);
            List<String[]> rows = new ArrayList<>();
            String inconclusive = null;
            if (!Files.exists(p)) {
                inconclusive = "no identity recorded";
            } else {
                for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (l.startsWith("# inconclusive: ")) {
                        inconclusive = l.substring(16);
                    } else if (!l.startsWith("component,") && !l.isBlank()) {
                        rows.add(l.split(",", -1));
                    }
                }
            }
            return judge.judgeIdentity(test, rows, file, inconclusive);
        }
        List<RawRun> runs = runs(bundle, test);
        return judge.judge(test, runs, hosts(bundle, rel, runs));
    }

    /** The host file of each run that has one ({@link Procedures#HOST_SUFFIX}): a DUT in wall-clock time. */
    static List<Judge.RunHost> hosts(Path bundle, String rel, List<RawRun> runs) {
        List<Judge.RunHost> out = new ArrayList<>();
        String header = HostMonitor.header(List.of());
        for (RawRun r : runs) {
            String file = rel + "/" + r.name() + Procedures.HOST_SUFFIX;
            Path p = bundle.resolve(file);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                if (lines.isEmpty() || !lines.get(0).equals(header)) {
                    throw new IOException(file + ": the first line must be " + header);
                }
                List<String[]> rows = new ArrayList<>();
                for (String l : lines.subList(1, lines.size())) {
                    if (!l.isBlank()) {
                        rows.add(l.split(",", -1));
                    }
                }
                out.add(new Judge.RunHost(r.name(), file, HostLoad.of(file, header, rows), null));
            } catch (IOException | RuntimeException e) {
                out.add(new Judge.RunHost(r.name(), file, null, "unreadable: " + e.getMessage()));
            }
        }
        return out;
    }

    /** The runs recorded for a test, by name order. */
    public static List<RawRun> runs(Path bundle, TestSpec test) throws IOException {
        String rel = testDir(test);
        Path dir = bundle.resolve(rel);
        List<RawRun> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(RunRecorder.EVENTS_SUFFIX)).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - RunRecorder.EVENTS_SUFFIX.length())));
        }
        for (String n : names) {
            out.add(RawRun.read(bundle, rel, n));
        }
        return out;
    }
}
