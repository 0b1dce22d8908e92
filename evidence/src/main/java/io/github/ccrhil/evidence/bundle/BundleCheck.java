package io.github.ccrhil.evidence.bundle;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify-bundle} for every kind of bundle: checks the manifest (naming every altered,
 * missing or added file), finds the bundle's {@link BundleKind} by its {@link BundleMarker}, has it
 * re-derive every verdict from the raw data, and compares them with the recorded ones.
 */
public final class BundleCheck {

    /**
     * @param kind the bundle's kind
     * @param rederived false when the kind's verdicts are not re-derived (only the manifest was checked)
     * @param manifestProblems "path: altered / missing / added"
     * @param verdictProblems "test: results.json says X, the raw data give Y (…)"
     * @param recomputed the verdicts re-derived from the raw data
     */
    public record Report(String kind, boolean rederived, List<String> manifestProblems, List<String> verdictProblems,
                         List<Verdict> recomputed) {
        public Report {
            manifestProblems = List.copyOf(manifestProblems);
            verdictProblems = List.copyOf(verdictProblems);
            recomputed = List.copyOf(recomputed);
        }

        public boolean ok() {
            return manifestProblems.isEmpty() && verdictProblems.isEmpty();
        }
    }

    private BundleCheck() { }

    /**
     * @param kinds the kinds this build knows; a bundle without a marker is read as the first that
     *     {@link BundleKind#recognises recognises} it, else as the first of the list
     * @throws IllegalArgumentException when {@code bundle} is no folder or its marker names a kind not in {@code kinds}
     */
    public static Report verify(Path bundle, List<BundleKind> kinds) throws IOException, ConfigException {
        if (!Files.isDirectory(bundle)) {
            throw new IllegalArgumentException("not a bundle folder: " + bundle);
        }
        BundleKind kind = kindOf(bundle, kinds);
        List<String> manifest = new ArrayList<>();
        if (!Files.exists(bundle.resolve(Manifest.FILE))) {
            manifest.add(Manifest.FILE + ": missing");
        } else {
            manifest.addAll(Manifest.problems(bundle));
        }
        if (!kind.rederives()) {
            return new Report(kind.kind(), false, manifest, List.of(), List.of());
        }
        List<Verdict> recomputed = kind.rederive(bundle);
        return new Report(kind.kind(), true, manifest, compare(kind.recorded(bundle), recomputed, manifest), recomputed);
    }

    static BundleKind kindOf(Path bundle, List<BundleKind> kinds) throws IOException {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no bundle kinds to check against");
        }
        Optional<BundleMarker> marker = BundleMarker.read(bundle);
        if (marker.isPresent()) {
            String name = marker.get().kind();
            return kinds.stream().filter(k -> k.kind().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    bundle + ": " + BundleMarker.FILE + " names a kind of bundle this build does not know: " + name));
        }
        return kinds.stream().filter(k -> k.recognises(bundle)).findFirst().orElse(kinds.get(0));
    }

    /**
     * Each re-derived verdict against the recorded one of the same test id: "test: results.json
     * says X (why), the raw data give Y (why); altered: files" when they differ, and every
     * recorded verdict with no re-derived one.
     */
    public static List<String> compare(List<Verdict> recorded, List<Verdict> recomputed, List<String> manifestProblems) {
        List<String> out = new ArrayList<>();
        for (Verdict v : recomputed) {
            Verdict r = recorded.stream().filter(x -> x.testId().equals(v.testId())).findFirst().orElse(null);
            if (r == null) {
                out.add(v.testId() + ": no verdict in " + BundleFiles.RESULTS + "; the raw traces give " + v.outcome());
            } else if (!r.equals(v)) {
                List<String> altered = new ArrayList<>();
                for (String f : v.files()) {
                    if (manifestProblems.stream().anyMatch(m -> m.startsWith(f + ":"))) {
                        altered.add(f);
                    }
                }
                out.add(v.testId() + ": " + BundleFiles.RESULTS + " says " + r.outcome() + " (" + r.reason()
                        + "), the raw traces give " + v.outcome() + " (" + v.reason() + ")"
                        + (altered.isEmpty() ? "" : "; altered: " + String.join(", ", altered)));
            }
        }
        for (Verdict r : recorded) {
            if (recomputed.stream().noneMatch(v -> v.testId().equals(r.testId()))) {
                out.add(r.testId() + ": in " + BundleFiles.RESULTS + " but not in the plan");
            }
        }
        return out;
    }
}
