package io.github.ccrhil.ccr.verify.campaign;

/**
 * The ranges generated cases are drawn from (ccr.md: accuracy must hold from short circuit to
 * full load, −10 %..+10 % input and up to 30 % of lamps failed). Shared by the property tests
 * (Americium) and the {@code campaign} command (seeded {@link java.util.SplittableRandom}), so
 * both explore the same space.
 */
public final class OperatingSpace {

    /** An inclusive range of whole numbers; {@link #lo} is where shrinking goes. */
    public record Range(int lo, int hi) {
        public Range {
            if (hi < lo) {
                throw new IllegalArgumentException("empty range " + lo + ".." + hi);
            }
        }

        void check(String what, int v) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(what + " must be within " + lo + ".." + hi + ", was " + v);
            }
        }

        public int draw(java.util.SplittableRandom r) {
            return r.nextInt(lo, hi + 1);
        }
    }

    public static final Range LOAD_PERCENT = new Range(0, 100);
    public static final Range FAILED_PERCENT = new Range(0, 30);
    public static final Range LED_PERCENT = new Range(0, 100);
    public static final Range CABLE_M = new Range(0, 8000);
    public static final Range INPUT_PERMILLE = new Range(-100, 100);
    /** Dwell before a step change: long enough for the soft start of a loop with 30 % failed lamps. */
    public static final Range FIRST_DWELL_MS = new Range(3000, 3500);
    /**
     * Dwell on each later step: the 1 s settling limit plus at least half a second of staying
     * (and the 1.4 s a steady stretch needs to count for monotonicity). Kept short on purpose: the
     * cost of a case is its simulated time.
     */
    public static final Range DWELL_MS = new Range(1500, 2000);
    /** Step changes in one step-change case (a pair is one change; more make a sequence). */
    public static final Range CHANGES = new Range(1, 4);

    private OperatingSpace() {
    }
}
