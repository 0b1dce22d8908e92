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
 * Written last, or grown section by section while a run is in progress. Each section ends with a
 * seal line, {@code # sealed sha256 <hex>} (sha256sum skips it): the SHA-256 of the previous seal
 * line (none for the first section) followed by the section's own lines. The seals chain, so each
 * covers every byte above it, yet appending a section costs only that section, and a campaign of
 * 100,000 cases does not rewrite or re-hash its manifest 100,000 times. A flipped byte in the
 * manifest itself is named as the manifest's, never blamed on an intact data file. (Manifests
 * written before the chain, sealed over every byte above each seal, still read.)
 */
public final class Manifest {

    public static final String FILE = "manifest.sha256";

    /** Starts a seal line. */
    public static final String SEAL = "# sealed sha256 ";

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
        return hashAll(bundle, rel -> false);
    }

    /** As {@link #hashAll(Path)}, leaving out every file {@code skip} accepts (a nested bundle's files). */
    public static Map<String, String> hashAll(Path bundle, java.util.function.Predicate<String> skip) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(bundle)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                // the manifest, its temporary copy and its signature (which signs it) are not listed
                if (!rel.equals(FILE) && !rel.equals(FILE + ".tmp") && !rel.equals(FILE + ".sig") && !skip.test(rel)) {
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
        String seal = sha256(b.toString().getBytes(StandardCharsets.UTF_8));
        b.append(SEAL).append(seal).append('\n');
        Path tmp = bundle.resolve(FILE + ".tmp");
        Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, bundle.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Appends the lines of {@code files} (relative paths, in order) and a seal over the whole
     * manifest so far: the manifest of a run in progress, growing as each part completes, so that
     * whatever finished before a crash stays covered.
     */
    public static void append(Path bundle, List<String> files) throws IOException {
        Path f = bundle.resolve(FILE);
        StringBuilder lines = new StringBuilder();
        for (String rel : files) {
            lines.append(sha256(bundle.resolve(rel))).append("  ").append(rel).append('\n');
        }
        String previousSeal = Files.exists(f) ? lastSealLine(f) : "";
        String seal = sha256((previousSeal + lines).getBytes(StandardCharsets.UTF_8));
        lines.append(SEAL).append(seal).append('\n');
        // one write of the whole section: a process killed at any moment leaves it whole or absent
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /** The manifest's last seal line with its newline, or "" when it has none; reads only its tail. */
    private static String lastSealLine(Path f) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 4096);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(tail);
            ch.read(buf, size - tail);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            int at = text.lastIndexOf(SEAL);
            if (at < 0) {
                return size > tail ? lastSealLineWhole(f) : "";
            }
            int end = text.indexOf('\n', at);
            return end < 0 ? text.substring(at) + "\n" : text.substring(at, end + 1);
        }
    }

    private static String lastSealLineWhole(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(SEAL);
        if (at < 0) {
            return "";
        }
        int end = text.indexOf('\n', at);
        return end < 0 ? text.substring(at) + "\n" : text.substring(at, end + 1);
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest itself does not hold: its lines or its seal were changed. */
    public static final class AlteredManifestException extends IOException {
        public AlteredManifestException(String message) {
            super(FILE + ": altered (" + message + ")");
        }
    }

    /**
     * The listed hashes by path, after checking the manifest's own seals.
     *
     * @throws AlteredManifestException when a line is not a sha256sum line or a seal does not
     *     match the bytes above it
     */
    public static Map<String, String> read(Path bundle) throws IOException {
        Map<String, String> out = new TreeMap<>();
        byte[] bytes = Files.readAllBytes(bundle.resolve(FILE));
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
        int start = 0;
        int sectionStart = 0;
        String previousSeal = "";
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String l = text.substring(start, end);
            lineNo++;
            if (l.startsWith(SEAL)) {
                String seal = l.substring(SEAL.length());
                String chained = sha256((previousSeal + text.substring(sectionStart, start)).getBytes(StandardCharsets.UTF_8));
                if (!seal.equals(chained)
                        && !seal.equals(sha256(text.substring(0, start).getBytes(StandardCharsets.UTF_8)))) {
                    throw new AlteredManifestException("its seal on line " + lineNo + " does not match the lines above it");
                }
                previousSeal = text.substring(start, Math.min(end + 1, text.length()));
                if (end == text.length()) {
                    previousSeal += "\n";
                }
                sectionStart = end + 1;
            } else if (!l.isBlank()) {
                if (l.length() < 67 || l.indexOf("  ") != 64 || !l.substring(0, 64).matches("[0-9a-f]{64}")) {
                    throw new AlteredManifestException("line " + lineNo + " is not '<sha256>  <path>'");
                }
                if (out.put(l.substring(66), l.substring(0, 64)) != null) {
                    throw new AlteredManifestException("line " + lineNo + " lists " + l.substring(66) + " twice");
                }
            }
            start = end + 1;
        }
        return out;
    }

    /**
     * Files whose hash differs, missing files and files not in the manifest, each as "path:
     * problem"; an altered manifest is one problem naming the manifest (its lines cannot be
     * trusted to blame any other file).
     */
    public static List<String> problems(Path bundle) throws IOException {
        return problems(bundle, rel -> false);
    }

    /** As {@link #problems(Path)}, for a bundle whose files {@code nested} accepts are another bundle's to cover. */
    public static List<String> problems(Path bundle, java.util.function.Predicate<String> nested) throws IOException {
        Map<String, String> listed;
        try {
            listed = read(bundle);
        } catch (AlteredManifestException e) {
            return List.of(e.getMessage());
        }
        Map<String, String> actual = hashAll(bundle, nested);
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
