package io.github.ccrhil.ccr.verify.accept;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.yaml.ConfigException;

/**
 * The default plan cut to size for tests, as text (so the bundle holds the plan as run and
 * verify-bundle judges by it): the whole plan or its security tests only, the robustness test
 * sending fewer hostile frames.
 */
final class SecurityPlans {

    /**
     * Hostile frames per robustness run in the test command (the default plan sends 100,000:
     * {@code -Dccrhil.security.frames=100000} runs that here).
     */
    static final int FRAMES = Integer.getInteger("ccrhil.security.frames", 5_000);

    private static final String SECURITY_BLOCK = "  # Security (issue 15)";

    /** A plan and its text. */
    record Plan(TestPlan plan, String text) { }

    private SecurityPlans() { }

    /** The whole default plan, its robustness test sending {@code frames}. */
    static Plan whole(int frames) throws ConfigException {
        return parse(withFrames(PlanReader.defaultPlanText(), frames));
    }

    /** The default plan's security tests only, the robustness test sending {@code frames}. */
    static Plan securityOnly(int frames) throws ConfigException {
        return securityAnd(frames);
    }

    /** The default plan's security tests and the tests named, in the plan's order. */
    static Plan securityAnd(int frames, String... ids) throws ConfigException {
        String text = PlanReader.defaultPlanText();
        int tests = text.indexOf("\ntests:\n") + "\ntests:\n".length();
        int security = text.indexOf(SECURITY_BLOCK);
        if (tests < "\ntests:\n".length() || security < 0) {
            throw new IllegalStateException("the default plan's layout changed: no tests: or security block");
        }
        StringBuilder b = new StringBuilder(text.substring(0, tests));
        for (String id : ids) {
            int at = text.indexOf("  - id: " + id + "\n");
            if (at < 0 || at > security) {
                throw new IllegalStateException("no test " + id + " before the security block of the default plan");
            }
            int end = text.indexOf("\n  - id: ", at + 1);
            b.append(text, at, StrictMath.min(end < 0 ? security : end + 1, security)).append('\n');
        }
        return parse(withFrames(b + text.substring(security), frames));
    }

    /**
     * The default plan's security tests only, for a DUT on a serial line: the robustness test
     * given {@code seconds} of line time (the plan: 60 s), the flood {@code floodDwell} with
     * bursts of {@code burst} ms.
     */
    static Plan securityOverSerialLine(double seconds, String floodDwell, int burst) throws ConfigException {
        String text = securityOnly(FRAMES).text();
        String lineTime = "serial-line-time: { name: line time of the hostile frames on a serial line, value: ";
        String cut = text.replace(lineTime + "60,", lineTime + seconds + ",")
                .replace("params: { connections: 8, sequence: [3, 5], firstDwell: 4s, dwell: 2.5s }",
                        "params: { connections: 8, sequence: [3, 5], firstDwell: 4s, dwell: " + floodDwell + ", burst: " + burst + "ms }");
        if (!cut.contains(lineTime + seconds + ",") || !cut.contains("burst: " + burst + "ms")) {
            throw new IllegalStateException("the default plan's serial-line-time or flood params no longer read as expected");
        }
        return parse(cut);
    }

    /** Only the default plan's tests named (security ones included), in the plan's order. */
    static Plan only(int frames, String... ids) throws ConfigException {
        String text = PlanReader.defaultPlanText();
        int tests = text.indexOf("\ntests:\n") + "\ntests:\n".length();
        if (tests < "\ntests:\n".length()) {
            throw new IllegalStateException("the default plan's layout changed: no tests:");
        }
        StringBuilder b = new StringBuilder(text.substring(0, tests));
        for (String id : ids) {
            int at = text.indexOf("  - id: " + id + "\n");
            if (at < 0) {
                throw new IllegalStateException("no test " + id + " in the default plan");
            }
            int end = text.indexOf("\n  - id: ", at + 1);
            b.append(text, at, end < 0 ? text.length() : end + 1).append('\n');
        }
        return parse(b.toString().contains("frames: 100000") ? withFrames(b.toString(), frames) : b.toString());
    }

    private static String withFrames(String text, int frames) {
        String cut = text.replace("frames: 100000, batches: 50", "frames: " + frames + ", batches: " + StrictMath.min(frames, 50));
        if (frames != 100_000 && cut.equals(text)) {
            throw new IllegalStateException("the default plan's robustness test no longer reads 'frames: 100000, batches: 50'");
        }
        return cut;
    }

    private static Plan parse(String text) throws ConfigException {
        return new Plan(PlanReader.read("default.yaml (cut for a test)", text), text);
    }
}
