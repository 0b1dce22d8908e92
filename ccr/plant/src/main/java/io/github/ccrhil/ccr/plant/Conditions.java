package io.github.ccrhil.ccr.plant;

/**
 * The mutable fault/condition state of one plant. Not thread-safe: the owner of simulated time
 * changes conditions between half-cycles. Every setter validates before it writes.
 */
final class Conditions implements PlantConditions {

    private final int lampCount;
    private double mainsDeviation;
    private int failedLamps;
    private int shortedLamps;
    private boolean loopOpen;
    private boolean outputShorted;
    private double earthFaultOhms = Double.POSITIVE_INFINITY;

    Conditions(int lampCount) {
        this.lampCount = lampCount;
    }

    @Override
    public void setMainsDeviation(double perUnit) {
        Checks.inRange("mainsDeviation", perUnit, -1.0, 1.0);
        this.mainsDeviation = perUnit;
    }

    @Override
    public double mainsDeviation() {
        return mainsDeviation;
    }

    /** {@inheritDoc} Failed plus shorted lamps may not exceed lampCount. */
    @Override
    public void setFailedLamps(int count) {
        Checks.inRange("failedLamps", count, 0, lampCount);
        if (count + shortedLamps > lampCount) {
            throw new IllegalArgumentException("failed (" + count + ") + shorted (" + shortedLamps
                    + ") lamps exceed lampCount " + lampCount);
        }
        this.failedLamps = count;
    }

    @Override
    public int failedLamps() {
        return failedLamps;
    }

    /** {@inheritDoc} Failed plus shorted lamps may not exceed lampCount. */
    @Override
    public void setShortedLamps(int count) {
        Checks.inRange("shortedLamps", count, 0, lampCount);
        if (count + failedLamps > lampCount) {
            throw new IllegalArgumentException("failed (" + failedLamps + ") + shorted (" + count
                    + ") lamps exceed lampCount " + lampCount);
        }
        this.shortedLamps = count;
    }

    @Override
    public int shortedLamps() {
        return shortedLamps;
    }

    @Override
    public void setLoopOpen(boolean open) {
        this.loopOpen = open;
    }

    @Override
    public boolean loopOpen() {
        return loopOpen;
    }

    @Override
    public void setOutputShorted(boolean shorted) {
        this.outputShorted = shorted;
    }

    @Override
    public boolean outputShorted() {
        return outputShorted;
    }

    @Override
    public void setEarthFaultOhms(double ohms) {
        Checks.positiveOrInfinite("earthFaultOhms", ohms);
        this.earthFaultOhms = ohms;
    }

    @Override
    public double earthFaultOhms() {
        return earthFaultOhms;
    }
}
