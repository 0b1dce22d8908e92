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

    /**
     * Creates {@code file} holding exactly {@code header}, then opens it for appending. The header
     * is written to a sibling {@code .part} file and moved into place atomically, so a run killed at
     * any moment leaves either no file or one that starts with its whole header: never an empty or
     * half-headed raw-data file.
     */
    public static java.io.OutputStream createWithHeader(java.nio.file.Path file, byte[] header) throws java.io.IOException {
        java.nio.file.Path part = file.resolveSibling(file.getFileName() + ".part");
        java.nio.file.Files.write(part, header);
        java.nio.file.Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return java.nio.file.Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND);
    }
}
