package io.github.ccrhil.evidence.bundle;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code verify-bundle} needs from one kind of bundle (CCR acceptance, CCR campaign, water
 * acceptance): its name in {@link BundleMarker}, and its verdicts re-derived from the bundle's own
 * plan and raw data by the same pure function the run used. {@link BundleCheck} does the rest
 * (the manifest, comparing with {@link Results}) the same way for every kind.
 */
public interface BundleKind {

    /** The name written in bundle.json, e.g. "ccr-acceptance". */
    String kind();

    /**
     * For a bundle without bundle.json (written before markers existed): whether this folder is
     * of this kind, judged by the files it holds.
     */
    default boolean recognises(Path bundle) {
        return false;
    }

    /** False for a kind whose verdicts cannot (yet) be re-derived: then only its manifest is checked. */
    default boolean rederives() {
        return true;
    }

    /** Every verdict, re-derived from the bundle's plan and raw data, in plan order. */
    List<Verdict> rederive(Path bundle) throws IOException, ConfigException;

    /** The verdicts the bundle records; by default those of results.json. */
    default List<Verdict> recorded(Path bundle) throws IOException {
        return Results.readVerdicts(bundle);
    }
}
