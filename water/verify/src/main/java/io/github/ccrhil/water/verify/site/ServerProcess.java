package io.github.ccrhil.water.verify.site;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One supervisory server as its own process: a child JVM running {@code ccr-hil water server}
 * ({@code WaterMain server}) on this JVM's class path (the built jar, or the module's classes in a
 * test), with what it prints kept, and the signals a test or the acceptance suite sends it: SIGSTOP
 * (a frozen server), SIGCONT, SIGKILL. The one child-process helper of the water tests and suite.
 *
 * <p>SIGKILL is sent by the JDK itself ({@link ProcessHandle#destroyForcibly()}); SIGSTOP and
 * SIGCONT by the {@code kill} command, which returns once the signal is sent. A shutdown hook kills
 * a child still running when this JVM stops (not when it is itself SIGKILLed: a child frozen then
 * stays frozen until it is killed).
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern API = Pattern.compile(" API (https?://\\S+?):(\\d+)/api/health");

    private final Process process;
    private final List<String> command;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final Thread hook;

    private ServerProcess(List<String> command) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.add(line);
                }
            } catch (IOException gone) {
                // the child is gone: what it printed is kept
            }
        }, "server-process-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        hook = new Thread(process::destroyForcibly, "server-process-kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code water server} with {@code args} (after {@code server}) in a child JVM given
     * {@code jvmOptions} (e.g. {@code -Xmx256m}).
     */
    public static ServerProcess start(List<String> jvmOptions, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.github.ccrhil.water.verify.cli.WaterMain");
        cmd.add("server");
        cmd.addAll(args);
        return new ServerProcess(cmd);
    }

    /**
     * The command line it was started with, for a record: the class path shortened to its first
     * entry, a database password in a JDBC URL shown as {@code ***}.
     */
    public String commandLine() {
        List<String> shown = new ArrayList<>(command);
        int cp = shown.indexOf("-cp");
        if (cp >= 0 && cp + 1 < shown.size()) {
            String path = shown.get(cp + 1);
            String[] parts = path.split(java.io.File.pathSeparator);
            shown.set(cp + 1, parts.length > 1 ? parts[0] + java.io.File.pathSeparator + "... (" + parts.length + " entries)" : path);
        }
        return String.join(" ", shown).replaceAll("password=[^&;\\s]*", "password=***");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line it printed so far (standard output and error). */
    public List<String> output() {
        return List.copyOf(out);
    }

    /**
     * Waits until it printed a line {@code test} accepts (true), it ended, or {@code max} passed
     * (false), polling every 10 ms.
     */
    public boolean awaitLine(Predicate<String> test, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (true) {
            if (out.stream().anyMatch(test)) {
                return true;
            }
            if (!process.isAlive() || System.nanoTime() - end >= 0) {
                return out.stream().anyMatch(test);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until it printed that it started (active or standby), ended, or {@code max} passed. */
    public boolean awaitStarted(Duration max) throws InterruptedException {
        return awaitLine(l -> l.startsWith("server ") && l.contains(" started "), max);
    }

    /** The port of its API, as it printed it; empty before it did. */
    public Optional<Integer> apiPort() {
        for (String l : out) {
            Matcher m = API.matcher(l);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(2)));
            }
        }
        return Optional.empty();
    }

    /** Sends signal {@code name} (STOP, CONT, TERM...) with the {@code kill} command; returns once it is sent. */
    public void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        String said = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (k.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed: " + said);
        }
    }

    /** SIGSTOP: the server is frozen (no thread of it runs) until {@link #resume()}. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** SIGKILL, sent by the JDK, frozen or not; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Kills it (SIGKILL) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // this JVM is stopping: the hook runs anyway, and the child is already gone
        }
    }
}
