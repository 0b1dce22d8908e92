package io.github.ccrhil.modbus.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A virtual null-modem cable: socat linking two pseudo-terminals, reachable as the links {@link
 * #a()} and {@link #b()} in a fresh temporary folder. Needs {@code socat} on the PATH (installed
 * by {@code src/setup/needs.d/30-modbus-peers.sh}). Close it to stop socat. The project's one
 * pty pair: the verifier's emulated serial DUTs, the integration tests and the benchmarks all use it.
 */
public final class PtyPair implements AutoCloseable {

    /** How long {@link #start()} waits for socat's links: the harness's patience on a loaded host, not a limit. */
    public static final Duration START_DEADLINE = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;

    private PtyPair(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts socat and waits, up to {@link #START_DEADLINE}, for both pty links to appear.
     *
     * @throws IOException if socat cannot be started or does not make its links in time
     */
    public static PtyPair start() throws IOException {
        return start(START_DEADLINE);
    }

    /**
     * Starts socat and waits, up to {@code deadline}, for both pty links to appear.
     *
     * @throws IOException if socat cannot be started or does not make its links in time
     */
    public static PtyPair start(Duration deadline) throws IOException {
        Path dir = Files.createTempDirectory("socat");
        Process p;
        try {
            p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("ttyA"),
                    "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start socat (install it: src/setup/install-test-deps.sh): " + e.getMessage(), e);
        }
        PtyPair pair = new PtyPair(p, dir);
        long end = System.nanoTime() + deadline.toNanos();
        try {
            while (!(Files.exists(pair.a()) && Files.exists(pair.b()))) {
                if (!p.isAlive() || System.nanoTime() - end > 0) {
                    String log = Files.readString(dir.resolve("socat.log"));
                    pair.close();
                    throw new IOException("socat did not create its pty links within " + deadline + ": " + log);
                }
                p.waitFor(10, TimeUnit.MILLISECONDS); // returns at once if socat exits
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pair.close();
            throw new java.io.InterruptedIOException("interrupted while socat starts");
        }
        return pair;
    }

    /** One end of the cable. */
    public Path a() {
        return dir.resolve("ttyA");
    }

    /** The other end. */
    public Path b() {
        return dir.resolve("ttyB");
    }

    /** socat's process id (to give the wire a real-time priority, say). */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // the temporary folder goes too (socat removes its links when it ends)
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            for (Path f : (Iterable<Path>) left::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder left behind harms nothing
        }
    }
}
