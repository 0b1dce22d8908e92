package io.github.ccrhil.evidence.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.Verdicts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@value BundleFiles#RESULTS}, the same shape for every kind: the kind's header fields (plan,
 * seed, device …), then {@code status} ("complete" or why not), {@code verdict} (the overall
 * outcome; INCONCLUSIVE unless complete), {@code counts} per outcome and every {@link Verdict}.
 */
public final class Results {

    /** Status of a run that judged every test. */
    public static final String COMPLETE = "complete";

    /** Status of a run in progress (written first; a bundle still saying it was cut short). */
    public static final String RUNNING = "running";

    /** The JSON writer and reader of every bundle file the core writes (two-space indented). */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() { }

    public static void write(Path bundle, Map<String, Object> header, String status, List<Verdict> verdicts) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>(header);
        root.put("status", status);
        root.put("verdict", status.equals(COMPLETE) ? Verdicts.overall(verdicts) : Outcome.INCONCLUSIVE);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            counts.put(o.name(), Verdicts.count(verdicts, o));
        }
        root.put("counts", counts);
        root.put("verdicts", verdicts);
        JSON.writeValue(bundle.resolve(BundleFiles.RESULTS).toFile(), root);
    }

    /** The verdicts recorded in the bundle; empty when it has no results file (a run cut short). */
    public static List<Verdict> readVerdicts(Path bundle) throws IOException {
        Path f = bundle.resolve(BundleFiles.RESULTS);
        List<Verdict> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        var tree = JSON.readTree(f.toFile());
        for (var v : tree.path("verdicts")) {
            out.add(JSON.treeToValue(v, Verdict.class));
        }
        return out;
    }
}
