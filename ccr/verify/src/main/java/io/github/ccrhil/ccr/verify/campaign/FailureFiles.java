package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a failing case into something a person can act on: a scenario file named after its own
 * content, headed by the failing verdicts, and the exact command that replays it.
 */
public final class FailureFiles {

    /** The shaded CLI jar as the build leaves it, relative to the repository root. */
    public static final String CLI_JAR = "cli/target/ccr-hil.jar";

    private FailureFiles() {
    }

    /** {@code java -jar cli/target/ccr-hil.jar replay <file>} */
    public static String replayCommand(Path file) {
        return "java -jar " + CLI_JAR + " replay " + file;
    }

    /**
     * Writes the scenario to {@code dir/<name>-<first 10 hex of its SHA-256>.yaml}; the same
     * scenario always lands in the same file. Returns its absolute path.
     */
    public static Path write(Scenario s, List<Verdict> verdicts, Path dir) throws IOException {
        // absolute: the replay command is run from the repository root, the file may live anywhere
        return write(s, verdicts, dir, f -> f);
    }

    /**
     * As {@link #write(Scenario, List, Path)}, the replay command naming the file as {@code shown}
     * gives it (in a bundle: relative to the bundle, so the bundle's bytes do not depend on where it lies).
     */
    public static Path write(Scenario s, List<Verdict> verdicts, Path dir, java.util.function.UnaryOperator<Path> shown)
            throws IOException {
        String body = ScenarioWriter.toYaml(s, List.of());
        Path file = dir.resolve(s.name() + "-" + sha256(body).substring(0, 10) + ".yaml").toAbsolutePath();
        List<String> comment = new ArrayList<>();
        comment.add("Failing case found by a ccr-hil property campaign. Replay it with:");
        comment.add("  " + replayCommand(shown.apply(file)));
        for (Verdict v : verdicts) {
            if (v.failed()) {
                comment.add("FAIL " + v.testId() + ": " + v.reason());
            }
        }
        ScenarioWriter.write(s, comment, file);
        return file;
    }

    /** The message a failing test or campaign prints: the verdicts, the file, the replay command. */
    public static String message(List<Verdict> verdicts, Path file) {
        StringBuilder b = new StringBuilder();
        for (Verdict v : verdicts) {
            if (v.failed()) {
                b.append(v.testId()).append(": ").append(v.reason()).append('\n');
            }
        }
        b.append("scenario file: ").append(file).append('\n');
        b.append("replay: ").append(replayCommand(file));
        return b.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
