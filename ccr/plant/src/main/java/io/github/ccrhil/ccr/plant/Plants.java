package io.github.ccrhil.ccr.plant;

/**
 * Factories for the emulated hardware.
 *
 * <h2>Mains and power stage</h2>
 * Mains v(t) = √2·V<sub>nom</sub>·(1 + deviation)·sin(2πft); deviation −1 is an interruption:
 * the supply side is open, so no thyristor can fire and a current still flowing collapses at the
 * start of the half-cycle (the stored energy goes into snubbers, not modelled). Antiparallel
 * thyristors under phase control feed an output transformer of ratio
 * {@link PlantConfig#outputTransformerRatio() n} with leakage
 * {@link PlantConfig#OUTPUT_LEAKAGE_REACTANCE_PU 5 %} and winding resistance
 * {@link PlantConfig#OUTPUT_WINDING_RESISTANCE_PU 1 %} per unit.
 *
 * <h2>Thyristor semantics</h2>
 * In each half-cycle the thyristor of that half-cycle's polarity is gated from α (measured from
 * the voltage zero) to the end of the half-cycle (a sustained gate / pulse train, as usual for
 * inductive loads). A thyristor conducts until its current returns to zero, which may be past
 * the next voltage zero; while it conducts the other one cannot fire, and fires at the current
 * zero if its gate is still on. Contactor open (the current is then cut at once), interruption,
 * or α = π: no new firing (a current carried over still runs to its zero, except on contactor
 * open or interruption). When no thyristor conducts the loop current is 0 and, since the loop is
 * a series R-L circuit with zero current, the output voltage sample is 0.
 *
 * <h2>Faults</h2>
 * Loop open: the current is 0; the thyristors conduct the output transformer's magnetising
 * current from α to the end of the half-cycle, so the output voltage there is the open-circuit
 * n·v<sub>s</sub> (≈ 2.5 kV peak for 10 kVA, 6.6 A, 400 V: high). Output shorted: only the
 * output transformer's leakage and winding resistance limit the current; the output voltage is 0.
 *
 * <h2>Earth leakage</h2>
 * The loop floats. {@link PlantHalfCycle#insulationResistanceOhms} = cable insulation (Ω·km /
 * km) in parallel with the injected earth-fault resistance; {@link PlantHalfCycle#capacitanceToEarthF}
 * reports the cable capacitance. The capacitance does not enter the loop-current ODE: at the
 * mains frequency its current is in quadrature and small (5 km, 0.75 µF, 1.5 kV: ≈ 0.1 A against
 * 6.6 A, &lt; 0.05 % on the rms), and it is distributed along the loop, so a lumped shunt would not
 * be more faithful. Honest limit: with the loop's series inductance (≈ 0.1–0.4 H) the distributed
 * capacitance resonates at a few hundred Hz to a few kHz, <i>inside</i> the sampling band, so
 * ringing at the firing instants of long loops is not reproduced by this model.
 */
public final class Plants {

    /** Smallest samplesPerCycle the waveform model accepts. */
    public static final int MIN_WAVEFORM_SAMPLES_PER_CYCLE = 200;

    private Plants() {
    }

    /**
     * Waveform model with thermal lamps, starting cold and at rest. The loop current obeys
     * {@link LoopEquation}, integrated by classic RK4 at h = 1/(f·samplesPerCycle·stepsPerSample);
     * the firing instant splits its step so firing happens at the exact time; a current zero
     * inside a step is located by linear interpolation and the current clamped to 0. Lamp
     * resistances are advanced once per sample (operator splitting). Each half-cycle yields
     * samplesPerCycle/2 samples at t<sub>0</sub> + k·Δ (the first on the voltage zero), with seeded
     * Gaussian noise of std measurementNoise × full scale; the truth fields are noise-free and
     * computed at the sample instants (peak: at every integration step).
     *
     * @throws IllegalArgumentException if samplesPerCycle &lt; {@value #MIN_WAVEFORM_SAMPLES_PER_CYCLE}
     */
    public static CircuitModel waveform(PlantConfig config) {
        return waveform(config, LampDynamics.THERMAL);
    }

    public static CircuitModel waveform(PlantConfig config, LampDynamics dynamics) {
        return new WaveformModel(requireConfig(config), requireDynamics(dynamics));
    }

    /**
     * Averaged model with thermal lamps: one update per half-cycle from the steady-state
     * phase-controlled R-L solution at the present lamp states (tabulated over α and φ, bilinear
     * lookup). The saturating magnetising inductance of failed lamps enters through an
     * equivalent inductance at the peak current (mean of describing-function and chord values,
     * see {@code AveragedModel.saturationFactor}), found by a three-pass fixed point warm-started
     * from the previous half-cycle. Lamp states advance once per half-cycle with I<sub>rms</sub>². Output: two samples per
     * half-cycle, current (I, I) and voltage V(pf + √(1 − pf²)), V(pf − √(1 − pf²)), so the rms
     * values and mean power computed from them are exactly the model's; sample interval = half
     * period / 2. Truth peak is the tabulated peak of the R-L pulse. The output voltage rms is the
     * source rms over the conduction window scaled by |Z<sub>loop</sub>|/|Z<sub>total</sub>| — exact for
     * continuous conduction of a linear loop, an approximation otherwise. Not modelled: the
     * current carried from one half-cycle into the next (each half-cycle is its own steady
     * state) and waveform distortion by saturation.
     */
    public static CircuitModel averaged(PlantConfig config) {
        return averaged(config, LampDynamics.THERMAL);
    }

    public static CircuitModel averaged(PlantConfig config, LampDynamics dynamics) {
        return new AveragedModel(requireConfig(config), requireDynamics(dynamics));
    }

    private static PlantConfig requireConfig(PlantConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return config;
    }

    private static LampDynamics requireDynamics(LampDynamics dynamics) {
        if (dynamics == null) {
            throw new IllegalArgumentException("dynamics must not be null");
        }
        return dynamics;
    }
}
