package io.github.ccrhil.ccr.plant;

/**
 * The loop-current ODE, a pure right-hand side shared by the plant's integrator and the
 * validation tests (in the manner of commons-math's {@code FirstOrderDifferentialEquations}):
 *
 * <pre>
 *   L(i) = L_lin + L_m / (1 + (i/I_sat)²)
 *   di/dt = (v − R·i) / L(i)
 * </pre>
 *
 * where {@code v} is the source voltage on the loop side (n·v<sub>mains</sub>), R the total series
 * resistance, L<sub>lin</sub> the linear inductances (cable, output-transformer leakage,
 * isolation-transformer leakages) and L<sub>m</sub> the sum of the unsaturated magnetising
 * inductances of the failed lamps (0 for none, then the equation is linear and no division is
 * made). Instances are mutable only through {@link #set} so the plant can update R once per
 * sample without allocating.
 */
public final class LoopEquation {

    private double resistance;
    private double linearInductance;
    private double invLinearInductance;
    private double magnetisingInductance;
    private double invSaturationSquared;

    public LoopEquation() {
        set(0.0, 1.0, 0.0, 1.0);
    }

    public LoopEquation(double resistanceOhm, double linearInductanceH, double magnetisingInductanceH,
                        double saturationCurrentA) {
        set(resistanceOhm, linearInductanceH, magnetisingInductanceH, saturationCurrentA);
    }

    /** Replaces the circuit parameters (R ≥ 0, L<sub>lin</sub> &gt; 0, L<sub>m</sub> ≥ 0, I<sub>sat</sub> &gt; 0). */
    public void set(double resistanceOhm, double linearInductanceH, double magnetisingInductanceH,
                    double saturationCurrentA) {
        this.resistance = resistanceOhm;
        this.linearInductance = linearInductanceH;
        this.invLinearInductance = 1.0 / linearInductanceH;
        this.magnetisingInductance = magnetisingInductanceH;
        this.invSaturationSquared = 1.0 / (saturationCurrentA * saturationCurrentA);
    }

    /** Only the resistance changes (once per sample in the plant). */
    public void setResistance(double resistanceOhm) {
        this.resistance = resistanceOhm;
    }

    public double resistance() {
        return resistance;
    }

    /** L(i), H. */
    public double inductance(double current) {
        return linearInductance + magnetisingInductance / (1.0 + current * current * invSaturationSquared);
    }

    /** di/dt at source voltage {@code sourceVoltage} and current {@code current}, A/s. */
    public double derivative(double sourceVoltage, double current) {
        double drive = sourceVoltage - resistance * current;
        if (magnetisingInductance == 0.0) {
            return drive * invLinearInductance;
        }
        double u = 1.0 + current * current * invSaturationSquared;
        return drive * u / (linearInductance * u + magnetisingInductance);
    }

    /** Array form for generic integrators: yDot[0] = di/dt for y[0] = i. */
    public void computeDerivatives(double sourceVoltage, double[] y, double[] yDot) {
        yDot[0] = derivative(sourceVoltage, y[0]);
    }
}
