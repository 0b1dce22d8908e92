package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What connection exhaustion recorded about how long it held its connections, read back from a bundle. */
final class ExhaustionHold {

    private static final Pattern HOLD_END = Pattern.compile(",verifier,hold-end,held ([0-9.]+) s .* polled (\\d+) times");

    private ExhaustionHold() { }

    /**
     * The connections were held at least the plan's {@code hold} (wall-clock seconds) after the last
     * was opened, however soon the reconnecting master was served, with the configured master polling
     * meanwhile.
     */
    static void assertHeldForThePlansHold(Path bundle, double holdSeconds) throws IOException {
        StringBuilder events = new StringBuilder();
        try (Stream<Path> s = Files.list(bundle.resolve("traces").resolve("connection-exhaustion"))) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".events.csv")).sorted().toList()) {
                events.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        Matcher m = HOLD_END.matcher(events);
        assertTrue(m.find(), "connection exhaustion records its hold: " + events);
        assertTrue(Double.parseDouble(m.group(1)) >= holdSeconds, "held for the plan's hold of " + holdSeconds + " s: " + m.group());
        assertTrue(Integer.parseInt(m.group(2)) >= 1, "the configured master polled while the connections were held: " + m.group());
    }
}
