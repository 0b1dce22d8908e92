package io.github.ccrhil.water.plant.site;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.Tags;
import io.github.ccrhil.water.plant.WaterPlant;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.CoagulationProgram;
import io.github.ccrhil.water.plant.plc.FilterProgram;
import io.github.ccrhil.water.plant.plc.LevelControlProgram;
import io.github.ccrhil.water.plant.plc.Plc;
import io.github.ccrhil.water.plant.plc.Profiles;
import io.github.ccrhil.water.plant.plc.TransmissionProgram;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A whole plant with its five PLCs (intake, coagulation, filters, chlorination, transmission),
 * each with its own scan period, registered on a runner: PLC scans first, then the plant step.
 */
public final class WaterSite {
    public static final String INTAKE = "INTAKE";
    public static final String COAGULATION = "COAG";
    public static final String FILTERS = "FILTER";
    public static final String CHLORINATION = "CHLOR";
    public static final String TRANSMISSION = "TRANSMIT";

    private final WaterPlant plant;
    private final List<Plc> plcs;
    private final Duration plantPeriod;

    public WaterSite(PlantConfig cfg, Duration plantPeriod) {
        if (plantPeriod == null || plantPeriod.isZero() || plantPeriod.isNegative()) {
            throw new IllegalArgumentException("plant period must be positive");
        }
        this.plant = new WaterPlant(cfg);
        this.plantPeriod = plantPeriod;
        double ts = cfg.timeScale();
        Provenance site = Provenance.defaultValue("typical receiving-well operating band; site engineer sets the real one");
        LevelControlProgram.Thresholds rw = new LevelControlProgram.Thresholds(
                new Limit("RW.LL", 1.0, "m", site), new Limit("RW.L", 2.0, "m", site),
                new Limit("RW.H", 3.5, "m", site), new Limit("RW.HH", 4.5, "m", site));
        List<Plc> list = new ArrayList<>();
        list.add(new Plc(INTAKE, 1, new LevelControlProgram(Profiles.intake(),
                new LevelControlProgram.Wiring(Tags.RW_LEVEL, Tags.RW_INLET, Tags.RW_INTAKE_PUMP, List.of(
                        new LevelControlProgram.Publish("inflow", Tags.RW_INFLOW),
                        new LevelControlProgram.Publish("intake_flow", Tags.INTAKE_FLOW),
                        new LevelControlProgram.Publish("raw_turbidity", Tags.RAW_TURBIDITY),
                        new LevelControlProgram.Publish("raw_ph", Tags.RAW_PH))),
                rw, cfg.receivingWell().heightM(), true), plant, Duration.ofMillis(100)));
        list.add(new Plc(COAGULATION, 2, new CoagulationProgram(
                cfg.coagulation().requiredDoseBase(), cfg.coagulation().requiredDosePerDegree(), 80),
                plant, Duration.ofMillis(200)));
        list.add(new Plc(FILTERS, 3, new FilterProgram(cfg.filters().count(), ts), plant, Duration.ofMillis(250)));
        list.add(new Plc(CHLORINATION, 4, new ChlorinationProgram(ts, plant.read(Tags.CL_DOSE)), plant,
                Duration.ofMillis(100)));
        list.add(new Plc(TRANSMISSION, 5, new TransmissionProgram(cfg.transmission().pumps(),
                cfg.clearWell().heightM(), cfg.reservoir().heightM()), plant, Duration.ofMillis(150)));
        this.plcs = Collections.unmodifiableList(list);
    }

    /** Registers every PLC scan and the plant step on a runner. */
    public PeriodicRunner register(PeriodicRunner runner) {
        for (Plc p : plcs) {
            runner.every(p.name(), p.scanPeriod(), p::scan);
        }
        runner.every("plant", plantPeriod, now -> plant.step(plantPeriod));
        return runner;
    }

    public WaterPlant plant() {
        return plant;
    }

    public List<Plc> plcs() {
        return plcs;
    }

    public Plc plc(String name) {
        for (Plc p : plcs) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no PLC named " + name);
    }

    public Duration plantPeriod() {
        return plantPeriod;
    }
}
