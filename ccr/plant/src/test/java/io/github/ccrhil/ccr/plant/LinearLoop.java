package io.github.ccrhil.ccr.plant;

/**
 * Independent re-derivation, from the public configuration only, of the loop a test config
 * describes when the lamps are frozen at their rated resistance (no LEDs): R, L_lin, and the
 * failed-lamp magnetising data.
 */
record LinearLoop(double r, double lLinear, double lMagnetising, double isat, double sourcePeak, double omega) {

    static LinearLoop of(PlantConfig cfg, int failed) {
        LoopConfig loop = cfg.loop();
        IsolationTransformer it = loop.isolationTransformer();
        int n = loop.lampCount();
        double rHot = loop.lampRatedWatts() / (cfg.ratedCurrentA() * cfg.ratedCurrentA());
        double r = cfg.outputWindingResistanceOhm() + loop.cableResistanceOhm()
                + n * it.windingResistanceOhm() + (n - failed) * rHot + failed * it.coreLossOhm();
        double l = cfg.outputLeakageInductanceH() + loop.cableInductanceH() + n * it.leakageInductanceH();
        double vm = cfg.outputTransformerRatio() * Math.sqrt(2.0) * cfg.mainsVoltageRms();
        return new LinearLoop(r, l, failed * it.magnetisingInductanceH(), it.saturationCurrentA(), vm,
                2 * Math.PI * cfg.mainsFrequencyHz());
    }

    double phi() {
        return Math.atan2(omega * lLinear, r);
    }

    double impedance() {
        return Math.hypot(r, omega * lLinear);
    }

    /** Exact current of a pulse fired at α (α ≥ φ, linear loop), at angle θ ≥ α; negative after the zero. */
    double exact(double alpha, double theta) {
        double phi = phi();
        double tau = lLinear / r;
        double t = (theta - alpha) / omega;
        return sourcePeak / impedance() * (Math.sin(theta - phi) - Math.sin(alpha - phi) * Math.exp(-t / tau));
    }
}
