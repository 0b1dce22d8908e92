package io.github.ccrhil.ccr.plant;

/**
 * The things a test rig changes on a running plant. All setters validate their argument and
 * throw {@link IllegalArgumentException} on nonsense; none of them ever leaves the model in a
 * half-changed state.
 */
public interface PlantConditions {

    /** Input voltage deviation from nominal, per unit: −0.10 is 10 % low; −1.0 is a full interruption. */
    void setMainsDeviation(double perUnit);

    double mainsDeviation();

    /** Lamps whose isolation-transformer secondary is open (failed lamp), 0..lampCount. */
    void setFailedLamps(int count);

    int failedLamps();

    /** Lamps bypassed (shorted at their secondary), 0..lampCount; a sudden load change. */
    void setShortedLamps(int count);

    int shortedLamps();

    /** The series loop is broken (open circuit): no current can flow. */
    void setLoopOpen(boolean open);

    boolean loopOpen();

    /** The CCR output terminals are shorted: only the output transformer's leakage remains. */
    void setOutputShorted(boolean shorted);

    boolean outputShorted();

    /** A resistive fault from the loop to earth, Ω; {@code Double.POSITIVE_INFINITY} for none. */
    void setEarthFaultOhms(double ohms);

    double earthFaultOhms();
}
