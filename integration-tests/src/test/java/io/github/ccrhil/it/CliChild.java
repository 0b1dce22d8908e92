package io.github.ccrhil.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM running one {@code ccr-hil} command (this test JVM's class path), its output (stdout
 * and stderr together) read line by line: the served CCRs, power stages and verifiers of the tests
 * that need real processes (a SIGSTOP, a SIGKILL, a fresh JVM, a command line as a user types it).
 */
public final class CliChild implements AutoCloseable {

    /** The line a TCP server prints when its port is open: {@code ... on TCP 127.0.0.1:<port>}. */
    public static final Pattern TCP = Pattern.compile("on TCP 127\\.0\\.0\\.1:(\\d+)");
    /** How long a child may take to print the line a test waits for (JVM start, warm-up) on a loaded host. */
    public static final Duration START = Duration.ofSeconds(120);

    public final Process process;
    /** The lines not yet taken by {@link #await}. */
    public final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line so far. */
    public final List<String> all = Collections.synchronizedList(new ArrayList<>());
    public final Thread reader;

    public CliChild(String... args) throws IOException {
        this(Map.of(), args);
    }

    /** As above, with {@code env} added to this JVM's environment (e.g. {@code CCRHIL_TLS_PASSWORD}). */
    public CliChild(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        process = pb.start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    all.add(l);
                    lines.add(l);
                }
            } catch (IOException e) {
                all.add("(output ended: " + e.getMessage() + ")");
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits (at most {@link #START}) for the line starting with {@code prefix} and returns it. */
    public String await(String prefix) throws InterruptedException {
        long until = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < until) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
            if (l == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("no '" + prefix + "' line within " + START + ": " + output());
    }

    /** Waits for the line starting with {@code prefix} announcing a TCP endpoint and returns its port. */
    public int port(String prefix) throws InterruptedException {
        return port(prefix, TCP);
    }

    /** Waits for the line starting with {@code prefix} and returns the port {@code endpoint}'s first group finds in it. */
    public int port(String prefix, Pattern endpoint) throws InterruptedException {
        String l = await(prefix);
        Matcher m = endpoint.matcher(l);
        assertTrue(m.find(), l);
        return Integer.parseInt(m.group(1));
    }

    /** {@code serve}'s port: the line {@code emulated CCR: ... on TCP 127.0.0.1:<port>}. */
    public int port() throws InterruptedException {
        return port("emulated CCR: ");
    }

    /** The whole output so far. */
    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /** SIGTERM, then the whole output once it has exited. */
    public String terminate() throws InterruptedException, IOException {
        // kill -TERM, not Process.destroy(): destroy also closes our end of the child's output
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -TERM");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exited on SIGTERM: " + all);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return output();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
