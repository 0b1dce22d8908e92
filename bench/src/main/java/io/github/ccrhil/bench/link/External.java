package io.github.ccrhil.bench.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External peers for the link benchmarks: the libmodbus server (socat pty pairs are modbus-serial's {@code PtyPair}). */
final class External {

    static final String HINT = "run src/setup/install-test-deps.sh (as root) first";

    private External() {
    }

    /** The libmodbus baseline server built by the setup hook. */
    static Path libmodbusServer() {
        String dir = System.getenv().getOrDefault("CCRHIL_PEERS_BIN", "/usr/local/lib/ccr-hil/peers");
        Path p = Path.of(dir, "libmodbus_server");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: " + HINT);
        }
        return p;
    }

    /** Starts a process and waits for its "ready" line. */
    static Process startAndAwaitReady(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String line;
        while ((line = r.readLine()) != null) {
            if (line.equals("ready")) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not become ready");
    }

    static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
