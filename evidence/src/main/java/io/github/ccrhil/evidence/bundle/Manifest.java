package io.github.ccrhil.evidence.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@value #FILE}: the SHA-256 of every file of a bundle, in the format of {@code sha256sum}
 * ({@code <hex>  <path>}, sorted by path), so {@code sha256sum -c manifest.sha256} checks it too.
 * Written last.
 */
public final class Manifest {

    public static final String FILE = "manifest.sha256";

    private Manifest() { }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Every file under {@code bundle} except the manifest, by relative path ('/' separated). */
    public static Map<String, String> hashAll(Path bundle) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(bundle)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(FILE)) {
                    out.put(rel, sha256(p));
                }
            }
        }
        return out;
    }

    public static void write(Path bundle) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : hashAll(bundle).entrySet()) {
            b.append(e.getValue()).append("  ").append(e.getKey()).append('\n');
        }
        Files.writeString(bundle.resolve(FILE), b.toString(), StandardCharsets.UTF_8);
    }

    public static Map<String, String> read(Path bundle) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String l : Files.readAllLines(bundle.resolve(FILE), StandardCharsets.UTF_8)) {
            if (l.isBlank()) {
                continue;
            }
            int sp = l.indexOf("  ");
            if (sp != 64) {
                throw new IOException(FILE + ": malformed line: " + l);
            }
            out.put(l.substring(66), l.substring(0, 64));
        }
        return out;
    }

    /** Files whose hash differs, missing files and files not in the manifest, each as "path: problem". */
    public static List<String> problems(Path bundle) throws IOException {
        Map<String, String> listed = read(bundle);
        Map<String, String> actual = hashAll(bundle);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : listed.entrySet()) {
            String now = actual.get(e.getKey());
            if (now == null) {
                out.add(e.getKey() + ": missing");
            } else if (!now.equals(e.getValue())) {
                out.add(e.getKey() + ": altered (sha256 " + now + ", manifest says " + e.getValue() + ")");
            }
        }
        for (String k : actual.keySet()) {
            if (!listed.containsKey(k)) {
                out.add(k + ": not in the manifest (added)");
            }
        }
        return out;
    }
}
