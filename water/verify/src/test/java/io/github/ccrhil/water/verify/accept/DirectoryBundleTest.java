package io.github.ccrhil.water.verify.accept;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.ComponentIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBundleTest {
    @TempDir
    Path dir;

    SuiteResult result(boolean pass) {
        Verdict v = new Verdict("X", "x <works> & more", "x limit", 1, "s", "test", pass ? 0.5 : 2, pass, "detail", Map.of("k", 1));
        return new SuiteResult("water-acceptance", Instant.EPOCH, Instant.EPOCH.plusSeconds(3), Map.of(), AcceptanceSuite.plan(),
                List.of(new ComponentIdentity("os", "Linux", "6", "n/a (test)")), List.of(v), Map.of("t", "x,y\n0,1\n1,2\n2,0\n"), List.of("log"));
    }

    @Test
    void aFailedVerdictIsAJunitFailureWithEscapedText() throws Exception {
        new DirectoryBundle().write(result(false), dir.resolve("b"));
        String junit = Files.readString(dir.resolve("b/junit.xml"));
        assertTrue(junit.contains("failures=\"1\"") && junit.contains("<failure message=\"x limit: measured 2.0 s, limit 1.0 s\""), junit);
        assertTrue(junit.contains("x &lt;works&gt; &amp; more"));
        assertTrue(Files.readString(dir.resolve("b/report.html")).contains("class=\"fail\""));
    }

    @Test
    void aBundleIsNeverWrittenOverAnother() throws Exception {
        new DirectoryBundle().write(result(true), dir.resolve("b"));
        IOException e = assertThrows(IOException.class, () -> new DirectoryBundle().write(result(true), dir.resolve("b")));
        assertTrue(e.getMessage().contains("not empty"));
    }
}
