package io.github.ccrhil.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The SHA-256 of a build of some code: every class file under a package prefix, in name order,
 * each as its name, a NUL, its length and its bytes. The same sources compiled by the same
 * compiler give the same hash, whether the classes sit in a directory or inside a (shaded) jar,
 * so a reviewer can recompute the hash a report names from the jar a vendor hands over.
 */
public final class BuildHash {

    private BuildHash() { }

    /** Hash of the classes under {@code anchor}'s package tree, e.g. the firmware's. */
    public static String ofPackageTree(Class<?> anchor, String packagePrefix) {
        String prefix = packagePrefix.replace('.', '/') + "/";
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, byte[]> classes = new TreeMap<>();
            if (Files.isDirectory(location)) {
                Path root = location.resolve(prefix);
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        classes.put(prefix + root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                        if (e.getName().startsWith(prefix) && e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            if (classes.isEmpty()) {
                throw new IllegalStateException("no classes under " + prefix + " at " + location);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                sha.update(c.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(c.getValue().length).getBytes(StandardCharsets.US_ASCII));
                sha.update(c.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
