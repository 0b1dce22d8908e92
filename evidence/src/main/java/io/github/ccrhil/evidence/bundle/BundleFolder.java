package io.github.ccrhil.evidence.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A bundle being written: a new or empty folder, its {@link BundleMarker} written first (so even
 * a bundle cut short by a crash says what it is) and its {@link Manifest} last ({@link #seal()},
 * also after a crash, so whatever was recorded stays checkable).
 */
public final class BundleFolder {

    private final Path dir;

    private BundleFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates the folder (it must not exist or be empty) and writes the marker.
     *
     * @throws IllegalArgumentException when the folder holds anything: a bundle is never mixed
     *     with older files
     */
    public static BundleFolder create(Path dir, BundleMarker marker) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("bundle folder " + dir + " exists and is not empty");
                }
            }
        }
        Files.createDirectories(dir);
        marker.write(dir);
        return new BundleFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    /** {@code dir().resolve(file)}. */
    public Path resolve(String file) {
        return dir.resolve(file);
    }

    /** Writes the manifest of every file now in the folder: the last write. */
    public void seal() throws IOException {
        Manifest.write(dir);
    }
}
