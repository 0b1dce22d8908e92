package io.github.ccrhil.evidence.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest of a run in progress grows one sealed section per completed part. Appending a
 * section writes only that section (the seals chain), so the manifest of a long campaign is not
 * rewritten once per case; every seal still covers every byte above it.
 */
class GrowingManifestTest {

    @TempDir
    Path bundle;

    private void file(String rel, String text) throws IOException {
        Files.createDirectories(bundle.resolve(rel).getParent() == null ? bundle : bundle.resolve(rel).getParent());
        Files.writeString(bundle.resolve(rel), text, StandardCharsets.UTF_8);
    }

    @Test
    void sectionsAppendedOneByOneAreReadWholeAndEachAppendOnlyAddsItsOwnBytes() throws IOException {
        for (int i = 0; i < 200; i++) {
            file("cases/" + i + "/trace.csv", "t,i\n0," + i + "\n");
            long before = Files.exists(bundle.resolve(Manifest.FILE)) ? Files.size(bundle.resolve(Manifest.FILE)) : 0;
            Manifest.append(bundle, List.of("cases/" + i + "/trace.csv"));
            long added = Files.size(bundle.resolve(Manifest.FILE)) - before;
            assertTrue(added < 200, "a section of one line and its seal, not the manifest again: " + added + " bytes");
        }
        assertEquals(200, Manifest.read(bundle).size());
        assertTrue(Manifest.problems(bundle).isEmpty(), Manifest.problems(bundle).toString());
    }

    @Test
    void aFlippedByteInAnEarlierSectionIsNamedAsTheManifests() throws IOException {
        for (int i = 0; i < 5; i++) {
            file("case" + i + ".csv", "row " + i + "\n");
            Manifest.append(bundle, List.of("case" + i + ".csv"));
        }
        Path m = bundle.resolve(Manifest.FILE);
        byte[] b = Files.readAllBytes(m);
        b[5] = (byte) (b[5] == 'a' ? 'b' : 'a'); // inside the first section's first hash
        Files.write(m, b);
        assertThrows(Manifest.AlteredManifestException.class, () -> Manifest.read(bundle));
        List<String> problems = Manifest.problems(bundle);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(Manifest.FILE + ": altered"), problems.toString());
    }

    @Test
    void aSectionMovedOrDroppedBreaksTheChain() throws IOException {
        for (int i = 0; i < 3; i++) {
            file("case" + i + ".csv", "row " + i + "\n");
            Manifest.append(bundle, List.of("case" + i + ".csv"));
        }
        Path m = bundle.resolve(Manifest.FILE);
        List<String> lines = Files.readAllLines(m, StandardCharsets.UTF_8);
        // drop the middle section (its line and its seal): the third seal chained from the second
        List<String> dropped = new java.util.ArrayList<>(lines);
        dropped.remove(2);
        dropped.remove(2);
        Files.write(m, (String.join("\n", dropped) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThrows(Manifest.AlteredManifestException.class, () -> Manifest.read(bundle));
    }

    @Test
    void aManifestWrittenWholeReadsAsBefore() throws IOException {
        file("a.txt", "a\n");
        file("b/c.txt", "c\n");
        Manifest.write(bundle);
        assertEquals(2, Manifest.read(bundle).size());
        // one section: its seal is the SHA-256 of every line above it, as sha256sum users knew it
        String text = Files.readString(bundle.resolve(Manifest.FILE), StandardCharsets.UTF_8);
        int seal = text.indexOf(Manifest.SEAL);
        assertEquals(Manifest.sha256(text.substring(0, seal).getBytes(StandardCharsets.UTF_8)),
                text.substring(seal + Manifest.SEAL.length()).strip());
    }
}
