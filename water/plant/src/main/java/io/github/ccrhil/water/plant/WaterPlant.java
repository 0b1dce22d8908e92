package io.github.ccrhil.water.plant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rapid-filtration plant's physics, stepped by a runner on simulated time. Deterministic:
 * StrictMath only, no clock, no randomness. Thread-safe (one lock) so PLC threads may do field I/O
 * while a real-time driver steps it.
 */
public final class WaterPlant implements FieldIo {
    private final PlantConfig cfg;
    private final TankStage receivingWell;
    private final TankStage clearWell;
    private final TankStage reservoir;
    private final Map<String, Double> actuators = new LinkedHashMap<>();

    private double rawTurbidity;
    private double rawPh;
    private double demandM3h;
    private double settledTurbidity;
    private double treatedPh;
    private double filteredTurbidity;
    private final double[] headLoss;
    private final double[] ripeningLeftH;
    private final boolean[] washedSinceService;
    private double cwChlorine = 0.6;
    private double cwTurbidity;
    private double cwPh;
    private double resChlorine = 0.5;
    private double resTurbidity;
    private double resPh;
    private double intakeFlow;
    private double txFlow;
    private double processHours;

    public WaterPlant(PlantConfig cfg) {
        this.cfg = cfg;
        TankConfig rw = cfg.receivingWell();
        this.receivingWell = new TankStage(new TankConfig(rw.name(), rw.sectionM2(), rw.heightM(), rw.initialLevelM(),
                rw.inflowM3h(), rw.outflowM3h(), cfg.timeScale(), rw.inletOpen(), rw.outletOn()));
        this.clearWell = new TankStage(tank(cfg.clearWell(), cfg.timeScale()));
        this.reservoir = new TankStage(tank(cfg.reservoir(), cfg.timeScale()));
        int n = cfg.filters().count();
        headLoss = new double[n];
        ripeningLeftH = new double[n];
        washedSinceService = new boolean[n];
        for (int i = 0; i < n; i++) {
            // stagger the filters so that they do not all reach terminal head loss together
            headLoss[i] = cfg.filters().cleanHeadLossM()
                    + (cfg.filters().terminalHeadLossM() - cfg.filters().cleanHeadLossM()) * 0.5 * i / n;
        }
        rawTurbidity = cfg.raw().turbidity();
        rawPh = cfg.raw().pH();
        demandM3h = cfg.reservoir().demandM3h();
        double dose0 = requiredDose(rawTurbidity);
        settledTurbidity = rawTurbidity * (1 - removal(dose0, rawTurbidity));
        treatedPh = rawPh - cfg.coagulation().phDropPerMgL() * dose0;
        filteredTurbidity = settledTurbidity * (1 - cfg.filters().efficiency());
        cwTurbidity = filteredTurbidity;
        resTurbidity = filteredTurbidity;
        cwPh = treatedPh;
        resPh = treatedPh;
        actuators.put(Tags.RW_INLET, rw.inletOpen() ? 1.0 : 0.0);
        actuators.put(Tags.RW_INTAKE_PUMP, rw.outletOn() ? 1.0 : 0.0);
        actuators.put(Tags.COAG_DOSE, dose0);
        actuators.put(Tags.CL_DOSE, 1.0);
        for (int i = 1; i <= n; i++) {
            actuators.put(Tags.filterInlet(i), 1.0);
            actuators.put(Tags.filterWash(i), 0.0);
            actuators.put(Tags.filterWaste(i), 0.0);
        }
        for (int i = 1; i <= cfg.transmission().pumps(); i++) {
            actuators.put(Tags.txPump(i), i == 1 ? 1.0 : 0.0);
        }
    }

    private static TankConfig tank(PlantConfig.Tank t, double timeScale) {
        return new TankConfig(t.name(), t.sectionM2(), t.heightM(), t.initialLevelM(), 0, 0, timeScale, false, false);
    }

    public PlantConfig config() {
        return cfg;
    }

    /** Jar-test dose requirement for a raw turbidity, mg/L. */
    public double requiredDose(double turbidity) {
        return cfg.coagulation().requiredDoseBase() + cfg.coagulation().requiredDosePerDegree() * turbidity;
    }

    private double removal(double dose, double turbidity) {
        double req = requiredDose(turbidity);
        return cfg.coagulation().maxRemoval() * (1 - StrictMath.exp(-3.0 * StrictMath.max(0, dose) / req));
    }

    /** Advances the whole plant by {@code dt} of simulated time. */
    public synchronized void step(Duration dt) {
        double h = TankStage.processHours(dt, cfg.timeScale());
        processHours += h;
        // 1. receiving well
        TankConfig rw = cfg.receivingWell();
        receivingWell.step(dt, on(Tags.RW_INLET) ? rw.inflowM3h() : 0.0, on(Tags.RW_INTAKE_PUMP) ? rw.outflowM3h() : 0.0);
        intakeFlow = receivingWell.lastOutflowM3h();

        // 2. coagulation, flocculation, sedimentation (first-order lag over the basin's residence time)
        double dose = intakeFlow > 0 ? actuators.get(Tags.COAG_DOSE) : 0.0;
        if (intakeFlow > 0) {
            double target = rawTurbidity * (1 - removal(dose, rawTurbidity));
            double tau = cfg.coagulation().basinVolumeM3() / intakeFlow;
            double a = 1 - StrictMath.exp(-h / tau);
            settledTurbidity += (target - settledTurbidity) * a;
            double phTarget = rawPh - cfg.coagulation().phDropPerMgL() * dose;
            treatedPh += (phTarget - treatedPh) * a;
        }

        // 3. filters
        PlantConfig.Filters f = cfg.filters();
        int n = f.count();
        int inService = 0;
        boolean anyWashing = false;
        for (int i = 0; i < n; i++) {
            boolean washing = on(Tags.filterWash(i + 1));
            anyWashing |= washing;
            if (on(Tags.filterInlet(i + 1)) && !washing) {
                inService++;
            }
        }
        double perFilter = inService > 0 ? intakeFlow / inService : 0.0;
        int toClearWell = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            boolean washing = on(Tags.filterWash(i + 1));
            if (washing) {
                headLoss[i] = f.cleanHeadLossM() + (headLoss[i] - f.cleanHeadLossM()) * StrictMath.exp(-h / 0.02);
                washedSinceService[i] = true;
                continue;
            }
            if (!on(Tags.filterInlet(i + 1))) {
                continue;
            }
            if (washedSinceService[i]) {
                washedSinceService[i] = false;
                ripeningLeftH[i] = f.ripeningHours();
            }
            double kgSolids = perFilter * h * settledTurbidity / 1000.0;
            headLoss[i] = StrictMath.min(f.terminalHeadLossM() * 1.5, headLoss[i] + f.headLossPerKgSolids() * kgSolids);
            double eff = f.efficiency();
            if (ripeningLeftH[i] > 0) {
                eff = f.ripeningEfficiency();
                ripeningLeftH[i] = StrictMath.max(0, ripeningLeftH[i] - h);
            }
            double knee = 0.8 * f.terminalHeadLossM();
            if (headLoss[i] > knee) {
                double over = (headLoss[i] - knee) / (f.terminalHeadLossM() - knee);
                eff = eff - (eff - 0.5) * StrictMath.min(1.0, over * over);
            }
            if (!on(Tags.filterWaste(i + 1))) { // filter-to-waste valve closed: effluent to the clear well
                weighted += settledTurbidity * (1 - eff);
                toClearWell++;
            }
        }
        double filteredFlow = perFilter * toClearWell;
        if (toClearWell > 0) {
            filteredTurbidity = weighted / toClearWell;
        }
        double backwashFlow = anyWashing ? f.backwashFlowM3h() : 0.0;

        // 4. clear well with chlorine contact
        int pumpsOn = 0;
        for (int i = 1; i <= cfg.transmission().pumps(); i++) {
            if (on(Tags.txPump(i))) {
                pumpsOn++;
            }
        }
        double askedOut = pumpsOn * cfg.transmission().pumpFlowM3h() + backwashFlow;
        double cwVolumeBefore = StrictMath.max(1.0, clearWell.level() * cfg.clearWell().sectionM2());
        clearWell.step(dt, filteredFlow, askedOut);
        double delivered = clearWell.lastOutflowM3h();
        txFlow = askedOut > 0 ? delivered * (askedOut - backwashFlow) / askedOut : 0.0;
        PlantConfig.Tank cw = cfg.clearWell();
        double clDose = filteredFlow > 0 ? actuators.get(Tags.CL_DOSE) : 0.0;
        double clIn = StrictMath.max(0, clDose - cw.chlorineDemandBase() - cw.chlorineDemandPerDegree() * filteredTurbidity);
        cwChlorine = mix(cwChlorine, clIn, filteredFlow, cwVolumeBefore, cw.chlorineDecayPerHour(), h);
        cwTurbidity = mix(cwTurbidity, filteredTurbidity, filteredFlow, cwVolumeBefore, 0, h);
        cwPh = mix(cwPh, treatedPh, filteredFlow, cwVolumeBefore, 0, h);

        // 5. distribution reservoir
        PlantConfig.Tank res = cfg.reservoir();
        double resVolumeBefore = StrictMath.max(1.0, reservoir.level() * res.sectionM2());
        reservoir.step(dt, txFlow, demandM3h);
        resChlorine = mix(resChlorine, cwChlorine, txFlow, resVolumeBefore, res.chlorineDecayPerHour(), h);
        resTurbidity = mix(resTurbidity, cwTurbidity, txFlow, resVolumeBefore, 0, h);
        resPh = mix(resPh, cwPh, txFlow, resVolumeBefore, 0, h);
    }

    /** Exact solution over h hours of a completely mixed tank with inflow concentration cin and decay k. */
    private static double mix(double c, double cin, double q, double volume, double k, double h) {
        double dilution = q / volume;
        double rate = dilution + k;
        if (rate <= 0) {
            return c;
        }
        double eq = dilution * cin / rate;
        return eq + (c - eq) * StrictMath.exp(-rate * h);
    }

    private boolean on(String actuator) {
        return actuators.get(actuator) >= 0.5;
    }

    private final Map<String, Double> forced = new LinkedHashMap<>();

    /**
     * Fault injection (the test rig): a sensor reads {@code value} until released with null,
     * whatever the process does. Actuator tags cannot be forced.
     */
    public synchronized void forceSensor(String tag, Double value) {
        if (actuators.containsKey(tag)) {
            throw new IllegalArgumentException("cannot force an actuator: " + tag);
        }
        if (value == null) {
            forced.remove(tag);
            return;
        }
        read(tag); // unknown tags are refused
        forced.put(tag, value);
    }

    @Override
    public synchronized double read(String tag) {
        Double f = forced.get(tag);
        if (f != null) {
            return f;
        }
        Double a = actuators.get(tag);
        if (a != null) {
            return a;
        }
        if (tag.startsWith("FLT") && tag.endsWith(".HEADLOSS")) {
            int i = filterIndex(tag);
            return headLoss[i - 1];
        }
        return switch (tag) {
            case Tags.RW_LEVEL -> receivingWell.level();
            case Tags.RW_INFLOW -> receivingWell.lastInflowM3h();
            case Tags.RAW_TURBIDITY -> rawTurbidity;
            case Tags.RAW_PH -> rawPh;
            case Tags.INTAKE_FLOW -> intakeFlow;
            case Tags.SETTLED_TURBIDITY -> settledTurbidity;
            case Tags.COAG_DOSE_FB -> actuators.get(Tags.COAG_DOSE);
            case Tags.FILTERED_TURBIDITY -> filteredTurbidity;
            case Tags.CW_LEVEL -> clearWell.level();
            case Tags.CW_CHLORINE -> cwChlorine;
            case Tags.CW_PH -> cwPh;
            case Tags.TX_FLOW -> txFlow;
            case Tags.RES_LEVEL -> reservoir.level();
            case Tags.RES_CHLORINE -> resChlorine;
            case Tags.RES_TURBIDITY -> resTurbidity;
            case Tags.RES_PH -> resPh;
            default -> throw new IllegalArgumentException("unknown plant tag: " + tag);
        };
    }

    private int filterIndex(String tag) {
        int dot = tag.indexOf('.');
        try {
            int i = Integer.parseInt(tag.substring(3, dot));
            if (i >= 1 && i <= cfg.filters().count()) {
                return i;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // fall through
        }
        throw new IllegalArgumentException("unknown plant tag: " + tag);
    }

    @Override
    public synchronized void write(String tag, double value) {
        if (!actuators.containsKey(tag)) {
            throw new IllegalArgumentException("not an actuator tag: " + tag);
        }
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("actuator " + tag + " needs a finite value >= 0, was " + value);
        }
        actuators.put(tag, value);
    }

    /** Sets the raw-water quality (a scenario's disturbance). */
    public synchronized void setRawWater(double turbidity, double pH) {
        new PlantConfig.RawWater(turbidity, pH);
        rawTurbidity = turbidity;
        rawPh = pH;
    }

    public synchronized void setDemand(double m3h) {
        TankConfig.nonNegative("demand", m3h);
        demandM3h = m3h;
    }

    /** Process hours elapsed (simulated time × timeScale). */
    public synchronized double processHours() {
        return processHours;
    }

    /** All sensor and actuator tags, in a stable order. */
    public List<String> tags() {
        List<String> t = new ArrayList<>(List.of(Tags.RW_LEVEL, Tags.RW_INFLOW, Tags.RAW_TURBIDITY, Tags.RAW_PH,
                Tags.INTAKE_FLOW, Tags.SETTLED_TURBIDITY, Tags.COAG_DOSE_FB, Tags.FILTERED_TURBIDITY, Tags.CW_LEVEL,
                Tags.CW_CHLORINE, Tags.CW_PH, Tags.TX_FLOW, Tags.RES_LEVEL, Tags.RES_CHLORINE, Tags.RES_TURBIDITY,
                Tags.RES_PH));
        for (int i = 1; i <= cfg.filters().count(); i++) {
            t.add(Tags.filterHeadLoss(i));
        }
        t.addAll(actuators.keySet());
        return Collections.unmodifiableList(t);
    }
}
