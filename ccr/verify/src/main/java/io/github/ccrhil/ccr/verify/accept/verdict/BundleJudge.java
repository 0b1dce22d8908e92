package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.evidence.Verdict;

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
        return judge.judge(test, runs(bundle, test));
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
