package io.github.ccrhil.evidence.bundle;

/**
 * The file names every kind of evidence bundle shares. Besides these, a kind writes its plan
 * and its raw data (traces, scenarios) under names of its own.
 */
public final class BundleFiles {

    /** Names the bundle's kind and format version ({@link BundleMarker}); written first. */
    public static final String MARKER = BundleMarker.FILE;
    /** Every verdict with its checks, and the overall outcome ({@link Results}). */
    public static final String RESULTS = "results.json";
    /** The verdicts for CI systems ({@code io.github.ccrhil.evidence.report.JunitXml}). */
    public static final String JUNIT = "junit.xml";
    /** The human-readable report ({@code io.github.ccrhil.evidence.report.HtmlReport}). */
    public static final String REPORT = "report.html";
    /** The exact components tested and the verifier's own build hashes. */
    public static final String IDENTITY = "identity.json";
    /** What happened when, with wall-clock times (the one file that differs between identical runs). */
    public static final String LOG = "run.log";
    /** SHA-256 of every other file ({@link Manifest}); written last. */
    public static final String MANIFEST = Manifest.FILE;

    private BundleFiles() { }
}
