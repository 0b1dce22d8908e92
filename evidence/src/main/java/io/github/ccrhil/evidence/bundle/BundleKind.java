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

    /** The bundle's plan file (relative), whose SHA-256 verify-bundle prints; null when the kind has none. */
    default String planFile() {
        return null;
    }

    /**
     * Every file the kind can regenerate from the re-derived verdicts and the raw data (junit.xml,
     * report.html, captures …), compared byte for byte with the bundle's: one "file: what differs"
     * per file that does not match. Empty by default.
     */
    default List<String> rederiveFiles(Path bundle, List<Verdict> recomputed) throws IOException {
        return List.of();
    }

    /**
     * The verdicts of a run cut short: each test whose raw files the manifest covers (and, when
     * {@code recorded} is not null, that has a recorded verdict) re-derived; every other test
     * INCONCLUSIVE without being judged ("run ended inside this test", "not run"); one note naming
     * the last complete test and one for the test the run ended inside. By default nothing.
     *
     * @param covered the files the manifest covers
     * @param recorded test ids with a recorded verdict, or null when the run recorded none yet
     */
    default List<Verdict> rederivePartial(Path bundle, java.util.Set<String> covered, java.util.Set<String> recorded,
                                          List<String> notes) throws IOException, ConfigException {
        return List.of();
    }

    /**
     * Whether {@code rel} (a path relative to the bundle, '/' separated) lies inside a bundle nested
     * in this one (a fleet bundle holds one bundle per CCR): such a file is covered by the nested
     * bundle's own manifest, which this bundle's manifest covers in turn, so {@link BundleCheck}
     * neither lists it nor blames it as added. A nested bundle's own manifest is never nested: it
     * is this bundle's to cover. False by default.
     */
    default boolean nested(String rel) {
        return false;
    }

    /** The verdicts the bundle records; by default those of results.json. */
    default List<Verdict> recorded(Path bundle) throws IOException {
        return Results.readVerdicts(bundle);
    }
}
