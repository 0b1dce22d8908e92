package io.github.ccrhil.ccr.plant;

/**
 * What the waveform and averaged plants share: derived circuit constants, the condition
 * snapshot taken at each half-cycle start, and the lamp states.
 *
 * <p>Series loop seen from the power stage (all referred to the loop side):
 * <pre>
 *   R = R_ps + R_cable + N·R_wind + Σ R_lamp(healthy) + N_failed·R_core
 *   L(i) = L_ps + L_cable + N·L_leak + N_failed·L_m0 / (1 + (i/I_sat)²)
 * </pre>
 * with the output transformer's winding resistance R_ps and leakage L_ps. Shorted lamps keep
 * their transformer's winding resistance and leakage but contribute neither lamp resistance nor
 * magnetising inductance; with the output shorted only R_ps and L_ps remain.
 *
 * <p>All working lamps carry the same current, so all halogen lamps share one thermal state and
 * all LED drivers one filtered current; failures and shorts are spread over halogen and LED lamps
 * in proportion to {@link LoopConfig#ledFraction()} (fractional counts), and a lamp returning to
 * service takes the common state.
 */
abstract class AbstractPlant implements CircuitModel {

    final PlantConfig config;
    final Conditions conditions;
    final LampDynamics dynamics;

    final double omega;
    final double halfPeriod;
    final double sourceRmsNominal;          // n·V_mains, V rms on the loop side
    final double rPs;
    final double lPs;
    final double rCable;
    final double lCable;
    final int lampCount;
    final double rWind;
    final double lLeak;
    final double lm0;
    final double isat;
    final double rCore;
    final double ledFraction;
    final double lampWatts;
    final double ratedCurrent;
    final double rHot;
    final double rCold;
    final double rLedNominal;
    // Lamp constants hoisted out of the per-sample updates (same expressions as LedLamp/HalogenLamp).
    final double rHotMinusCold;
    final double invLampWatts;
    final double ledRMin;
    final double ledRMax;
    final double ledRNumerator;
    final double cableInsulationOhm;
    final double capacitanceToEarth;

    // Per-half-cycle snapshot.
    double deviation;
    boolean loopOpen;
    boolean outputShorted;
    double rFixed;
    double lLinear;
    double lMagnetising;
    double halogenCount;
    double ledCount;
    double insulationOhm;

    // Lamp states.
    double halogenState;
    double ledMeanSquare;

    long halfIndex;

    AbstractPlant(PlantConfig config, LampDynamics dynamics) {
        this.config = config;
        this.dynamics = dynamics;
        LoopConfig loop = config.loop();
        this.conditions = new Conditions(loop.lampCount());
        this.omega = 2.0 * StrictMath.PI * config.mainsFrequencyHz();
        this.halfPeriod = 0.5 / config.mainsFrequencyHz();
        this.sourceRmsNominal = config.outputTransformerRatio() * config.mainsVoltageRms();
        this.rPs = config.outputWindingResistanceOhm();
        this.lPs = config.outputLeakageInductanceH();
        this.rCable = loop.cableResistanceOhm();
        this.lCable = loop.cableInductanceH();
        this.lampCount = loop.lampCount();
        IsolationTransformer it = loop.isolationTransformer();
        this.rWind = it.windingResistanceOhm();
        this.lLeak = it.leakageInductanceH();
        this.lm0 = it.magnetisingInductanceH();
        this.isat = it.saturationCurrentA();
        this.rCore = it.coreLossOhm();
        this.ledFraction = loop.ledFraction();
        this.lampWatts = loop.lampRatedWatts();
        this.ratedCurrent = config.ratedCurrentA();
        this.rHot = HalogenLamp.hotResistance(lampWatts, ratedCurrent);
        this.rCold = rHot / HalogenLamp.HOT_TO_COLD_RATIO;
        this.rLedNominal = LedLamp.nominalResistance(lampWatts, ratedCurrent);
        this.rHotMinusCold = rHot - rCold;
        this.invLampWatts = 1.0 / lampWatts;
        this.ledRMin = LedLamp.MIN_RESISTANCE_PU * rLedNominal;
        this.ledRMax = LedLamp.MAX_RESISTANCE_PU * rLedNominal;
        this.ledRNumerator = lampWatts / ratedCurrent;
        this.cableInsulationOhm = loop.insulationResistanceOhm();
        this.capacitanceToEarth = loop.capacitanceToEarthF();
        this.halogenState = dynamics == LampDynamics.FROZEN_RATED ? 1.0 : 0.0;
        this.ledMeanSquare = dynamics == LampDynamics.FROZEN_RATED ? ratedCurrent * ratedCurrent : 0.0;
    }

    /** Takes the conditions for this half-cycle and derives the loop's structural parameters. */
    final void snapshot() {
        deviation = conditions.mainsDeviation();
        loopOpen = conditions.loopOpen();
        outputShorted = conditions.outputShorted();
        int failed = conditions.failedLamps();
        int healthy = lampCount - failed - conditions.shortedLamps();
        if (outputShorted) {
            rFixed = rPs;
            lLinear = lPs;
            lMagnetising = 0.0;
            halogenCount = 0.0;
            ledCount = 0.0;
        } else {
            rFixed = rPs + rCable + lampCount * rWind + failed * rCore;
            lLinear = lPs + lCable + lampCount * lLeak;
            lMagnetising = failed * lm0;
            halogenCount = healthy * (1.0 - ledFraction);
            ledCount = healthy * ledFraction;
        }
        double fault = conditions.earthFaultOhms();
        insulationOhm = parallel(cableInsulationOhm, fault);
    }

    static double parallel(double a, double b) {
        if (Double.isInfinite(a)) {
            return b;
        }
        if (Double.isInfinite(b)) {
            return a;
        }
        return a * b / (a + b);
    }

    /**
     * Sum of the working lamps' resistances at the present lamp states, Ω. The LED term is
     * {@link LedLamp#resistance} inlined with its constants hoisted: P/(I·I<sub>f</sub>) clamped to
     * [{@link LedLamp#MIN_RESISTANCE_PU}, {@link LedLamp#MAX_RESISTANCE_PU}]·R<sub>nominal</sub>.
     */
    final double lampResistance() {
        double sum = 0.0;
        if (halogenCount > 0.0) {
            sum += halogenCount * (rCold + rHotMinusCold * halogenState);
        }
        if (ledCount > 0.0) {
            double filtered = StrictMath.sqrt(ledMeanSquare);
            double r = filtered > 0.0 ? ledRNumerator / filtered : ledRMax;
            // Clamp as max(lo, min(hi, r)); the same result, NaN included, without the min/max intrinsics.
            sum += ledCount * (r > ledRMax ? ledRMax : r < ledRMin ? ledRMin : r);
        }
        return sum;
    }

    /**
     * Advances the lamp states over an interval {@code dt} with the squared current {@code i2}
     * held constant (operator splitting): the halogen state by one explicit Euler step of
     * {@link HalogenLamp}'s equation (τ ≫ dt), the LED filter exactly (decay factor
     * e<sup>−dt/τ</sup> precomputed by the caller).
     */
    final void advanceLamps(double i2, double halogenStep, double ledDecay) {
        if (dynamics == LampDynamics.FROZEN_RATED) {
            return;
        }
        double x = halogenState;
        double power = (rCold + rHotMinusCold * x) * i2 * invLampWatts;
        x += halogenStep * (power - HalogenLamp.loss(x));
        halogenState = x < 0.0 ? 0.0 : x > HalogenLamp.MAX_STATE ? HalogenLamp.MAX_STATE : x;
        ledMeanSquare = i2 + (ledMeanSquare - i2) * ledDecay;
    }

    final void header(PlantHalfCycle out) {
        out.startSeconds = halfIndex * halfPeriod;
        out.mainsFrequencyHz = config.mainsFrequencyHz();
        out.inputVoltageRms = config.mainsVoltageRms() * (1.0 + deviation);
        out.insulationResistanceOhms = insulationOhm;
        out.capacitanceToEarthF = capacitanceToEarth;
    }

    static void checkFiringAngle(double firingAngleRad) {
        if (!(firingAngleRad >= 0.0 && firingAngleRad <= StrictMath.PI)) {
            throw new IllegalArgumentException("firingAngleRad must be in 0..π, was " + firingAngleRad);
        }
    }

    @Override
    public final double elapsedSeconds() {
        return halfIndex * halfPeriod;
    }

    @Override
    public final PlantConditions conditions() {
        return conditions;
    }

    @Override
    public final PlantConfig config() {
        return config;
    }
}
