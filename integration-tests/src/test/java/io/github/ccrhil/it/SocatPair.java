package io.github.ccrhil.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A virtual null-modem cable: socat linking two pseudo-terminals, with links {@code ttyA} and
 * {@code ttyB} in a fresh temporary folder. Close it to kill socat.
 */
public final class SocatPair implements AutoCloseable {

    private final Process process;
    public final Path a;
    public final Path b;
    private final Path dir;

    private SocatPair(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.a = dir.resolve("ttyA");
        this.b = dir.resolve("ttyB");
    }

    public static SocatPair start() throws IOException, InterruptedException {
        Peers.require("socat");
        Path dir = Files.createTempDirectory("socat");
        Process p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("ttyA"),
                "pty,raw,echo=0,link=" + dir.resolve("ttyB"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        SocatPair pair = new SocatPair(p, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(pair.a) && Files.exists(pair.b))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                pair.close();
                throw new IllegalStateException("socat did not create its pty links: " + Files.readString(dir.resolve("socat.log")));
            }
            Thread.sleep(10);
        }
        return pair;
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
    }
}
