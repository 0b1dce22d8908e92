package io.github.ccrhil.evidence.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code verify-bundle} for every kind of bundle: checks the manifest (naming every altered,
 * missing or added file), finds the bundle's {@link BundleKind} by its {@link BundleMarker}, has it
 * re-derive every verdict from the raw data, and compares them with the recorded ones; then the
 * summary of results.json (status, verdict, counts) and every file the kind can regenerate from
 * the re-derived verdicts (junit.xml, report.html, captures …), byte for byte.
 */
public final class BundleCheck {

    /**
     * @param kind the bundle's kind
     * @param rederived false when the kind's verdicts are not re-derived (only the manifest was checked)
     * @param manifestProblems "path: altered / missing / added"
     * @param verdictProblems "test: results.json says X, the raw data give Y (…)"
     * @param recomputed the verdicts re-derived from the raw data
     * @param derivedProblems "file: what differs" for the summary and every regenerated file
     * @param status the run's status as results.json records it ("complete", or why not; "no results.json")
     * @param planSha256 SHA-256 of the bundle's plan file, or null for a kind without one
     * @param notes what a reader should know that is no discrepancy (for a run cut short: the last
     *     complete test, the test the run ended inside, the files written after it)
     */
    public record Report(String kind, boolean rederived, List<String> manifestProblems, List<String> verdictProblems,
                         List<Verdict> recomputed, List<String> derivedProblems, String status, String planSha256,
                         List<String> notes) {
        public Report {
            notes = List.copyOf(notes);
            manifestProblems = List.copyOf(manifestProblems);
            verdictProblems = List.copyOf(verdictProblems);
            recomputed = List.copyOf(recomputed);
            derivedProblems = List.copyOf(derivedProblems);
        }

        /** Nothing altered: every file, verdict and derived file holds (a run cut short may still be incomplete). */
        public boolean ok() {
            return manifestProblems.isEmpty() && verdictProblems.isEmpty() && derivedProblems.isEmpty();
        }

        public boolean complete() {
            return Results.COMPLETE.equals(status);
        }

        /**
         * {@link ExitCode#ALTERED} when anything does not hold, else {@link ExitCode#INCOMPLETE}
         * for a run that did not finish, else the exit code of the re-derived overall verdict.
         */
        public ExitCode exitCode() {
            if (!manifestProblems.isEmpty() || !verdictProblems.isEmpty() || !derivedProblems.isEmpty()) {
                return ExitCode.ALTERED;
            }
            if (!complete() && rederived) {
                return ExitCode.INCOMPLETE;
            }
            return rederived ? ExitCode.of(Verdicts.overall(recomputed)) : ExitCode.PASS;
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
            manifest.addAll(Manifest.problems(bundle, kind::nested));
        }
        String planSha = null;
        if (kind.planFile() != null && Files.isRegularFile(bundle.resolve(kind.planFile()))) {
            planSha = Manifest.sha256(bundle.resolve(kind.planFile()));
        }
        List<String> derived = new ArrayList<>();
        Summary summary = Summary.read(bundle, derived);
        if (kind.rederives() && !Results.COMPLETE.equals(summary.status()) && summary.status().equals(Results.RUNNING)
                || kind.rederives() && summary.status().startsWith("aborted")) {
            return partial(bundle, kind, manifest, derived, summary, planSha);
        }
        if (!kind.rederives()) {
            return new Report(kind.kind(), false, manifest, List.of(), List.of(), derived, summary.status(), planSha, List.of());
        }
        List<Verdict> recomputed;
        try {
            recomputed = kind.rederive(bundle);
        } catch (ConfigException e) {
            // the plan as recorded no longer reads: it was changed after the run
            derived.add(e.getMessage() + " (the run read it; it was changed since)");
            return new Report(kind.kind(), true, manifest, List.of(), List.of(), derived, summary.status(), planSha, List.of());
        }
        List<Verdict> recorded;
        try {
            recorded = kind.recorded(bundle);
        } catch (IOException | RuntimeException e) {
            recorded = List.of();
            if (summary.readable()) {
                derived.add(BundleFiles.RESULTS + ": its verdicts cannot be read (" + firstLine(e) + ")");
            }
        }
        List<String> verdicts = summary.readable() ? compare(recorded, recomputed, manifest) : List.of();
        if (summary.readable()) {
            summary.check(recomputed, derived);
            derived.addAll(kind.rederiveFiles(bundle, recomputed));
        }
        return new Report(kind.kind(), true, manifest, verdicts, recomputed, derived, summary.status(), planSha, List.of());
    }

    /**
     * A run cut short (killed while "running", or aborted): the files written after the last
     * complete part are not covered by the manifest and are noted, not blamed; every test whose
     * files the manifest covers is re-judged; a test the run ended inside is never judged.
     */
    private static Report partial(Path bundle, BundleKind kind, List<String> manifest, List<String> derived, Summary summary,
                                  String planSha) throws IOException, ConfigException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String m : manifest) {
            if (m.endsWith(": not in the manifest (added)")) {
                notes.add(m.substring(0, m.indexOf(": not in the manifest")) + ": written after the last complete part, not covered");
            } else {
                problems.add(m);
            }
        }
        java.util.Set<String> covered = new java.util.HashSet<>();
        try {
            covered.addAll(Manifest.read(bundle).keySet());
        } catch (IOException e) {
            // an altered or missing manifest is already a problem
        }
        java.util.Set<String> recordedIds = new java.util.HashSet<>();
        try {
            kind.recorded(bundle).forEach(v -> recordedIds.add(v.testId()));
        } catch (IOException | RuntimeException e) {
            // nothing recorded
        }
        List<Verdict> recomputed = kind.rederivePartial(bundle, covered,
                summary.status().equals(Results.RUNNING) ? null : recordedIds, notes);
        return new Report(kind.kind(), true, problems, List.of(), recomputed, derived, summary.status(), planSha, notes);
    }

    /**
     * Compares a bundle file with its regenerated bytes: null when equal, else one line naming
     * the file and the first differing byte (or that it is missing).
     */
    public static String differs(Path bundle, String rel, byte[] regenerated) throws IOException {
        Path f = bundle.resolve(rel);
        if (!Files.isRegularFile(f)) {
            return rel + ": missing (the raw data give one)";
        }
        byte[] actual = Files.readAllBytes(f);
        int n = java.util.Arrays.mismatch(actual, regenerated);
        if (n < 0) {
            return null;
        }
        int line = 1;
        for (int i = 0; i < n && i < actual.length; i++) {
            if (actual[i] == '\n') {
                line++;
            }
        }
        return rel + ": differs from the one regenerated from the raw data (first at byte " + n + ", line " + line + ")";
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** results.json's summary fields, read without trusting a byte of it. */
    private record Summary(boolean readable, String status, String verdict, Map<String, Long> counts) {

        static Summary read(Path bundle, List<String> problems) {
            Path f = bundle.resolve(BundleFiles.RESULTS);
            if (!Files.exists(f)) {
                return new Summary(false, "no " + BundleFiles.RESULTS, null, Map.of());
            }
            try {
                JsonNode root = Results.JSON.readTree(f.toFile());
                if (root == null || !root.isObject()) {
                    problems.add(BundleFiles.RESULTS + ": not a JSON object");
                    return new Summary(false, "unreadable " + BundleFiles.RESULTS, null, Map.of());
                }
                Map<String, Long> counts = new TreeMap<>();
                root.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
                return new Summary(true, root.path("status").asText("no status"), root.path("verdict").asText(null), counts);
            } catch (IOException e) {
                problems.add(BundleFiles.RESULTS + ": not valid JSON (" + firstLine(e) + ")");
                return new Summary(false, "unreadable " + BundleFiles.RESULTS, null, Map.of());
            }
        }

        void check(List<Verdict> recomputed, List<String> problems) {
            if (!Results.COMPLETE.equals(status)) {
                return;
            }
            String expected = Verdicts.overall(recomputed).name();
            if (!expected.equals(verdict)) {
                problems.add(BundleFiles.RESULTS + ": says verdict " + verdict + ", the raw data give " + expected);
            }
            Map<String, Long> expectedCounts = new TreeMap<>();
            for (Outcome o : Outcome.values()) {
                expectedCounts.put(o.name(), Verdicts.count(recomputed, o));
            }
            if (!expectedCounts.equals(counts)) {
                problems.add(BundleFiles.RESULTS + ": says counts " + counts + ", the raw data give " + expectedCounts);
            }
        }
    }
    static BundleKind kindOf(Path bundle, List<BundleKind> kinds) throws IOException {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no bundle kinds to check against");
        }
        Optional<BundleMarker> marker;
        try {
            marker = BundleMarker.read(bundle);
        } catch (IOException | RuntimeException e) {
            // an unreadable marker: the manifest names it; the files say what kind this is
            marker = Optional.empty();
        }
        if (marker.isPresent()) {
            String name = marker.get().kind();
            Optional<BundleKind> known = kinds.stream().filter(k -> k.kind().equals(name)).findFirst();
            if (known.isPresent()) {
                return known.get();
            }
            if (!markerAltered(bundle)) {
                throw new IllegalArgumentException(bundle + ": " + BundleMarker.FILE
                        + " names a kind of bundle this build does not know: " + name);
            }
            // an altered marker: the manifest names it; the files say what kind this is
        }
        return kinds.stream().filter(k -> k.recognises(bundle)).findFirst().orElse(kinds.get(0));
    }

    private static boolean markerAltered(Path bundle) {
        try {
            return Files.exists(bundle.resolve(Manifest.FILE))
                    && Manifest.problems(bundle).stream().anyMatch(p -> p.startsWith(BundleMarker.FILE + ": altered"));
        } catch (IOException e) {
            return false;
        }
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
