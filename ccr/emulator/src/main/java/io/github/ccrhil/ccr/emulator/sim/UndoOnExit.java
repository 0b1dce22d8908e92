package io.github.ccrhil.ccr.emulator.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a real-time run changed on the machine (other processes' CPUs, the unbound workqueue's
 * cpumask), put back however this JVM ends, SIGKILL included. A child shell keeps the commands
 * that undo each change, sent to it on its standard input as they are made; when the JVM ends
 * without saying "done" (its end of the pipe closes), the shell runs them. A JVM that ends
 * normally undoes its changes itself and then says "done". The shell ignores SIGINT, SIGTERM and
 * SIGHUP, so that a Ctrl-C to the whole process group does not take it down with the JVM.
 *
 * <p>The commands are this package's own (taskset and a sysfs write with numbers it read from the
 * kernel), never text from outside.
 */
final class UndoOnExit implements AutoCloseable {

    /** Reads command lines until "done" (exit, nothing run) or the end of its input (run them all). */
    private static final String KEEPER = "trap '' INT TERM HUP; cmds=''; while IFS= read -r line; do [ \"$line\" = done ] && exit 0; "
            + "cmds=\"$cmds$line\n\"; done; eval \"$cmds\"";

    private final Process keeper;
    private final OutputStream in;

    private UndoOnExit(Process keeper) {
        this.keeper = keeper;
        this.in = keeper.getOutputStream();
    }

    static UndoOnExit start() throws IOException {
        Process p = new ProcessBuilder("sh", "-c", KEEPER).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new UndoOnExit(p);
    }

    /** Remembers one shell command that undoes a change just made. */
    synchronized void remember(String command) throws IOException {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line: " + command);
        }
        in.write((command + " 2>/dev/null\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** The changes are undone already: the keeper ends without running anything. */
    @Override
    public synchronized void close() {
        try {
            in.write("done\n".getBytes(StandardCharsets.US_ASCII));
            in.close();
        } catch (IOException ended) {
            keeper.destroy();
        }
    }
}
