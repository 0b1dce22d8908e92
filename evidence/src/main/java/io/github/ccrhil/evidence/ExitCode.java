package io.github.ccrhil.evidence;

/**
 * The exit codes of every command that produces or checks evidence ({@code accept},
 * {@code campaign}, {@code verify-bundle}, the water suite), one per meaning and never shared:
 * a script can tell a failing DUT from a tampered bundle from a crashed run from a typo.
 */
public enum ExitCode {
    /** Every verdict PASS (or, for verify-bundle: the bundle holds and its verdict is PASS). */
    PASS(0),
    /** At least one verdict FAIL: the DUT was tested and did the wrong thing. */
    FAIL(1),
    /** A bad argument or input file (plan, profile, bundle that is not one): nothing was judged. */
    BAD_INPUT(2),
    /** No FAIL, but at least one verdict could not be reached (stated reason in the verdict). */
    INCONCLUSIVE(3),
    /** The run ended before it was complete (killed, aborted): what finished is checked, nothing else judged. */
    INCOMPLETE(4),
    /** A bundle's file or summary does not match what is re-derived from its raw data: tampering or corruption. */
    ALTERED(5),
    /** A defect of ccr-hil itself (an unexpected exception). */
    INTERNAL_ERROR(6),
    /** The DUT could not start at all (e.g. the emulated CCR's firmware rejected its own tables): no verdict. */
    DUT_ERROR(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code of an overall verdict. */
    public static ExitCode of(Outcome overall) {
        return switch (overall) {
            case PASS -> PASS;
            case FAIL -> FAIL;
            // nothing applied: nothing was shown to hold
            case INCONCLUSIVE, NOT_APPLICABLE -> INCONCLUSIVE;
        };
    }

    /** One line per code, for --help texts and the README. */
    public static String legend() {
        StringBuilder b = new StringBuilder();
        for (ExitCode c : values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(c.code).append(' ').append(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return b.toString();
    }
}
