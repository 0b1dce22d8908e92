package io.github.ccrhil.water.verify.accept;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a run's evidence: plan, identity, results.json, junit.xml, report.html, traces, log and
 * a manifest with the SHA-256 of every file. An interface so that the CCR suite's bundle machinery
 * can replace {@link DirectoryBundle} later.
 */
public interface EvidenceBundle {
    /** Writes the bundle into {@code dir} (created; must be empty or absent) and returns the manifest's path. */
    Path write(SuiteResult result, Path dir) throws IOException;
}
