package io.github.ccrhil.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Third-party peers the interop tests run; missing ones fail the test with the fix. */
public final class Peers {

    public static final String INSTALL_HINT = "run src/setup/install-test-deps.sh (as root) to install the Modbus test peers";

    private Peers() {
    }

    /** Fails unless {@code program} is on PATH. */
    public static void require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        fail(program + " is not installed: " + INSTALL_HINT);
    }

    /** Fails unless Debian's python3 imports pymodbus. */
    public static void requirePymodbus() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            fail("/usr/bin/python3 is missing: " + INSTALL_HINT);
        }
        Result r = run(List.of("/usr/bin/python3", "-c", "import pymodbus"), 30);
        if (r.exit != 0) {
            fail("Debian's python3 lacks pymodbus (" + r.output.strip() + "): " + INSTALL_HINT);
        }
    }

    /** Output and exit code of a finished process. */
    public record Result(int exit, String output) {
    }

    /** Runs a command with a hard timeout; the process is always destroyed. */
    public static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer", ".out");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(out.toFile());
        if (System.getenv("PEER_DEBUG") != null) {
            pb.environment().put("PYMODBUS_DEBUG", "1");
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; output: "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (System.getenv("PEER_DEBUG") != null) {
                System.out.println(text);
            }
            return new Result(p.exitValue(), text);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The repository root (the parent of hil/). */
    public static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("src/peers"))) {
            p = p.getParent();
        }
        if (p == null) {
            fail("cannot find src/peers above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Builds a libmodbus C peer from src/peers into target/peers; fails if libmodbus is missing. */
    public static Path buildC(String name) throws IOException, InterruptedException {
        require("gcc");
        require("pkg-config");
        Result flags = run(List.of("pkg-config", "--cflags", "--libs", "libmodbus"), 30);
        if (flags.exit != 0) {
            fail("libmodbus development files are missing (" + flags.output.strip() + "): " + INSTALL_HINT);
        }
        Path source = repositoryRoot().resolve("src/peers/" + name + ".c");
        Path dir = Path.of("target", "peers").toAbsolutePath();
        Files.createDirectories(dir);
        Path binary = dir.resolve(name);
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return binary;
        }
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()));
        cmd.addAll(List.of(flags.output.trim().split("\\s+")));
        Result r = run(cmd, 120);
        if (r.exit != 0) {
            fail("cannot build " + source + ": " + r.output);
        }
        return binary;
    }
}
