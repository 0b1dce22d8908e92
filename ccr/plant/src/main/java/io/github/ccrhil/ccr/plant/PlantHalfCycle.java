package io.github.ccrhil.ccr.plant;

/**
 * Caller-owned buffer for one half-cycle of plant output: what the CCR's sensors see (with
 * seeded measurement noise) and the plant's own truth (noise-free, computed from the circuit
 * state), which is the independent measurement a verifier compares against.
 */
public final class PlantHalfCycle {

    public static final int CAPACITY = 2_000;

    /** Sensor view: instantaneous loop current, A. */
    public final double[] current = new double[CAPACITY];
    /** Sensor view: instantaneous CCR output voltage, V. */
    public final double[] voltage = new double[CAPACITY];
    /** Number of valid samples in {@link #current} and {@link #voltage}. */
    public int count;
    public double sampleIntervalSeconds;
    /** Simulated time at the start of this half-cycle, s. */
    public double startSeconds;
    public double mainsFrequencyHz;
    /** Rms input voltage at the CCR terminals over this half-cycle, V. */
    public double inputVoltageRms;
    /** What the loop insulation monitor reads, Ω (infinite for a perfect loop). */
    public double insulationResistanceOhms;
    /**
     * Capacitance of the loop to earth, F. It does not enter the loop-current model (see
     * {@link Plants}); an insulation monitor that injects a test voltage sees it as the time
     * constant of its reading.
     */
    public double capacitanceToEarthF;

    /**
     * Sensor view: the displacement angle φ<sub>1</sub> of the half-cycle, rad: how far the
     * fundamental (mains-frequency) component of the loop current lags that of the output voltage,
     * so that the fundamental reactive power is Q<sub>1</sub> = V<sub>1</sub>I<sub>1</sub>·sin φ<sub>1</sub>
     * and the displacement power factor cos φ<sub>1</sub> (IEEE Std 1459-2010's fundamental
     * quantities; a CCR's output meter, like any power-quality meter, computes them from the same
     * samples as the rms values). NaN when the half-cycle carried no current to measure it on.
     * The waveform plant computes it from its (noisy) samples with {@link #displacementAngle}; the
     * averaged plant analytically, with the noise the same samples would give.
     */
    public double displacementAngleRad = Double.NaN;

    /** Truth: rms loop current over the half-cycle, A. */
    public double trueCurrentRms;
    /** Truth: largest |i| in the half-cycle, A. */
    public double truePeakCurrent;
    /** Truth: rms output voltage, V. */
    public double trueVoltageRms;
    /** Truth: mean output power, W. */
    public double truePowerW;
    /** Truth: conduction angle actually achieved, rad (0 when nothing conducted). */
    public double conductionAngleRad;

    /**
     * The displacement angle φ<sub>1</sub> of n samples of one half-cycle starting at the source
     * voltage's zero crossing, rad: the phase of V<sub>1</sub>·conj(I<sub>1</sub>), with X<sub>1</sub>
     * the single-bin discrete Fourier transform of x at the mains frequency over the samples. Over
     * a half-period the odd harmonics that phase control and saturation put in the waveforms are
     * orthogonal to the fundamental, so a half-cycle gives the same φ<sub>1</sub> as a full cycle of
     * a half-wave-symmetric waveform. NaN when the current's fundamental is zero. No allocation;
     * sine and cosine by rotation, two multiplications per sample.
     *
     * @param omega 2π·mains frequency, rad/s
     */
    public static double displacementAngle(double[] i, double[] v, int n, double sampleIntervalSeconds, double omega) {
        double rc = StrictMath.cos(omega * sampleIntervalSeconds);
        double rs = StrictMath.sin(omega * sampleIntervalSeconds);
        double c = 1.0;
        double s = 0.0;
        double ic = 0.0;
        double is = 0.0;
        double vc = 0.0;
        double vs = 0.0;
        for (int j = 0; j < n; j++) {
            ic += i[j] * c;
            is += i[j] * s;
            vc += v[j] * c;
            vs += v[j] * s;
            double cn = c * rc - s * rs;
            s = s * rc + c * rs;
            c = cn;
        }
        // I1 ∝ ic − j·is, V1 ∝ vc − j·vs; V1·conj(I1) = (vc·ic + vs·is) + j(vc·is − vs·ic)
        double re = vc * ic + vs * is;
        double im = vc * is - vs * ic;
        if (ic == 0.0 && is == 0.0) {
            return Double.NaN;
        }
        return StrictMath.atan2(im, re);
    }

    /**
     * Fills {@code i} and {@code v} with n samples whose rms current, rms voltage, mean power and
     * peak |current| are exactly the given ones, and returns n: what an averaged model (or a link
     * that carries only those four) can honestly give for a half-cycle's waveform. Current: one
     * sample at the peak, the rest equal; voltage: (P/I²)·i plus a component orthogonal to i that
     * makes up the rms voltage. With no current: two samples ±vRms.
     */
    public static int equivalentSamples(double iRms, double vRms, double power, double peak, double[] i, double[] v) {
        if (!(iRms > 1e-9)) {
            i[0] = 0;
            i[1] = 0;
            v[0] = vRms;
            v[1] = -vRms;
            return 2;
        }
        double pk = StrictMath.max(peak, iRms);
        int n = (int) StrictMath.ceil(pk * pk / (iRms * iRms) - 1e-12);
        n = StrictMath.max(n, 3);
        if (n % 2 == 0) {
            n++;
        }
        n = StrictMath.min(n, StrictMath.min(i.length, v.length) - 1);
        double a = StrictMath.sqrt(StrictMath.max(0.0, (n * iRms * iRms - pk * pk) / (n - 1)));
        double k = power / (iRms * iRms);
        double gamma = StrictMath.sqrt(StrictMath.max(0.0, vRms * vRms - power * power / (iRms * iRms)));
        double b = StrictMath.sqrt(n / (double) (n - 1));
        i[0] = pk;
        v[0] = k * pk;
        for (int j = 1; j < n; j++) {
            i[j] = a;
            v[j] = k * a + gamma * ((j % 2 == 1) ? b : -b);
        }
        return n;
    }
}
