package io.github.ccrhil.water.plant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rapid-filtration plant, stage by stage. Every figure is a named, checked field; the defaults
 * ({@link #typical()}) size a 1,000 m³/h plant. Flows m³/h, levels m, turbidity in degrees (≈ NTU),
 * concentrations mg/L.
 *
 * @param receivingWell  receiving well (inlet valve = raw-water feed, outlet pump = intake to treatment)
 * @param coagulation    coagulant dosing, rapid mix, flocculation and sedimentation
 * @param filters        rapid sand filters with backwash
 * @param clearWell      chlorine contact tank / clear well (outflow = transmission pumps)
 * @param transmission   transmission pumps
 * @param reservoir      distribution reservoir (outflow = consumer demand)
 * @param raw            raw-water quality at start
 * @param timeScale      process hours per simulated hour (1 = real time)
 */
public record PlantConfig(TankConfig receivingWell, Coagulation coagulation, Filters filters,
                          Tank clearWell, Transmission transmission, Tank reservoir,
                          RawWater raw, double timeScale) {

    public PlantConfig {
        Objects.requireNonNull(receivingWell, "receivingWell");
        Objects.requireNonNull(coagulation, "coagulation");
        Objects.requireNonNull(filters, "filters");
        Objects.requireNonNull(clearWell, "clearWell");
        Objects.requireNonNull(transmission, "transmission");
        Objects.requireNonNull(reservoir, "reservoir");
        Objects.requireNonNull(raw, "raw");
        TankConfig.positive("timeScale", timeScale);
    }

    /**
     * Coagulation to sedimentation. Removal fraction r = maxRemoval·(1 − exp(−3·D/Dreq)) with the
     * jar-test dose requirement Dreq = requiredDoseBase + requiredDosePerDegree·T; settled turbidity
     * follows T·(1−r) with a first-order lag of the basin's residence time; pH falls by
     * phDropPerMgL per mg/L of coagulant.
     */
    public record Coagulation(double maxRemoval, double requiredDoseBase, double requiredDosePerDegree,
                              double basinVolumeM3, double phDropPerMgL) {
        public Coagulation {
            if (!(maxRemoval > 0 && maxRemoval < 1)) {
                throw new IllegalArgumentException("coagulation.maxRemoval must be in (0,1), was " + maxRemoval);
            }
            TankConfig.positive("coagulation.requiredDoseBase", requiredDoseBase);
            TankConfig.nonNegative("coagulation.requiredDosePerDegree", requiredDosePerDegree);
            TankConfig.positive("coagulation.basinVolumeM3", basinVolumeM3);
            TankConfig.nonNegative("coagulation.phDropPerMgL", phDropPerMgL);
        }
    }

    /**
     * Rapid sand filters. Effluent turbidity = influent·(1 − efficiency), efficiency falling as head
     * loss nears its terminal value and during ripening after a backwash.
     */
    public record Filters(int count, double efficiency, double cleanHeadLossM, double terminalHeadLossM,
                          double headLossPerKgSolids, double backwashFlowM3h, double ripeningHours,
                          double ripeningEfficiency) {
        public Filters {
            if (count < 1 || count > 16) {
                throw new IllegalArgumentException("filters.count must be 1..16, was " + count);
            }
            if (!(efficiency > 0 && efficiency < 1)) {
                throw new IllegalArgumentException("filters.efficiency must be in (0,1), was " + efficiency);
            }
            TankConfig.positive("filters.cleanHeadLossM", cleanHeadLossM);
            if (!(terminalHeadLossM > cleanHeadLossM)) {
                throw new IllegalArgumentException("filters.terminalHeadLossM must exceed cleanHeadLossM");
            }
            TankConfig.nonNegative("filters.headLossPerKgSolids", headLossPerKgSolids);
            TankConfig.nonNegative("filters.backwashFlowM3h", backwashFlowM3h);
            TankConfig.nonNegative("filters.ripeningHours", ripeningHours);
            if (!(ripeningEfficiency > 0 && ripeningEfficiency <= efficiency)) {
                throw new IllegalArgumentException("filters.ripeningEfficiency must be in (0, efficiency]");
            }
        }
    }

    /**
     * A completely mixed tank with chlorine decay.
     *
     * @param chlorineDemandBase immediate demand at the dosing point, mg/L (clear well only)
     * @param chlorineDemandPerDegree extra immediate demand per degree of turbidity, mg/L
     * @param chlorineDecayPerHour first-order bulk decay constant, 1/h
     */
    public record Tank(String name, double sectionM2, double heightM, double initialLevelM,
                       double chlorineDemandBase, double chlorineDemandPerDegree, double chlorineDecayPerHour,
                       double demandM3h) {
        public Tank {
            new TankConfig(name, sectionM2, heightM, initialLevelM, 0, 0, 1, false, false);
            TankConfig.nonNegative(name + ".chlorineDemandBase", chlorineDemandBase);
            TankConfig.nonNegative(name + ".chlorineDemandPerDegree", chlorineDemandPerDegree);
            TankConfig.nonNegative(name + ".chlorineDecayPerHour", chlorineDecayPerHour);
            TankConfig.nonNegative(name + ".demandM3h", demandM3h);
        }
    }

    /** Identical transmission pumps, each delivering pumpFlowM3h when on. */
    public record Transmission(int pumps, double pumpFlowM3h) {
        public Transmission {
            if (pumps < 1 || pumps > 8) {
                throw new IllegalArgumentException("transmission.pumps must be 1..8, was " + pumps);
            }
            TankConfig.positive("transmission.pumpFlowM3h", pumpFlowM3h);
        }
    }

    /** Raw-water quality: turbidity (degrees), pH. */
    public record RawWater(double turbidity, double pH) {
        public RawWater {
            TankConfig.nonNegative("raw.turbidity", turbidity);
            if (!(pH >= 0 && pH <= 14)) {
                throw new IllegalArgumentException("raw.pH must be within 0..14, was " + pH);
            }
        }
    }

    /** A typical 1,000 m³/h rapid-filtration plant (figures are engineering defaults, not a real site). */
    public static PlantConfig typical() {
        return typical(1.0);
    }

    public static PlantConfig typical(double timeScale) {
        return new PlantConfig(
                new TankConfig("RW", 100, 5, 2.5, 1100, 1000, timeScale, true, true),
                new Coagulation(0.98, 8.0, 0.5, 3000, 0.01),
                new Filters(4, 0.99, 0.3, 2.0, 0.2, 600, 0.25, 0.90),
                new Tank("CW", 200, 4, 2.0, 0.3, 0.05, 0.05, 0),
                new Transmission(2, 600),
                new Tank("RES", 500, 5, 2.5, 0, 0, 0.02, 900),
                new RawWater(5.0, 7.2),
                timeScale);
    }

    /** Tag names of the filters, in order (FLT1, FLT2, ...). */
    public List<String> filterNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= filters.count(); i++) {
            names.add("FLT" + i);
        }
        return names;
    }
}
