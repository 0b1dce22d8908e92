package io.github.ccrhil.ccr.verify.campaign;

import io.github.ccrhil.ccr.verify.limits.LimitTables;

/**
 * The regulator ratings a campaign draws from: the step tables of UFC 3-535-01 and
 * MIL-HDBK-1023/4, each with the tolerance table that covers it.
 *
 * @param stepTable catalogue name of the step table
 * @param toleranceTable catalogue name of the tolerance table
 * @param ratedKva regulator size, kVA (a 20 A regulator is above 30 kW, UFC 3-535-01 §15)
 */
public record Rating(String stepTable, String toleranceTable, double ratedKva) {

    public static final Rating SIX_SIX_FIVE_STEP = new Rating("6.6A-5step", LimitTables.UFC, 10);
    public static final Rating SIX_SIX_THREE_STEP = new Rating("6.6A-3step", LimitTables.UFC, 10);
    public static final Rating TWENTY_FIVE_STEP = new Rating("20A-5step", LimitTables.MIL, 30);

    /** In the order generators index them; the first is what shrinking moves towards. */
    public static final java.util.List<Rating> ALL = java.util.List.of(SIX_SIX_FIVE_STEP, SIX_SIX_THREE_STEP,
            TWENTY_FIVE_STEP);

    /** Number of steps of the table. */
    public int stepCount() {
        return stepTable.equals("6.6A-3step") ? 3 : 5;
    }
}
