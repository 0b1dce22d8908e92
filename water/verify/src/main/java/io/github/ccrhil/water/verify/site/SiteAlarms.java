package io.github.ccrhil.water.verify.site;

import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.plant.plc.ChlorinationProgram;
import io.github.ccrhil.water.plant.plc.CoagulationProgram;
import io.github.ccrhil.water.plant.plc.FilterProgram;
import io.github.ccrhil.water.plant.plc.LevelControlProgram;
import io.github.ccrhil.water.plant.plc.TransmissionProgram;
import io.github.ccrhil.water.scada.AlarmDefinition;
import io.github.ccrhil.water.scada.AlarmDefinition.Kind;
import io.github.ccrhil.water.scada.AlarmDefinition.Priority;
import java.util.ArrayList;
import java.util.List;

/** The default alarm list of a {@link WaterSite}, limits from {@link QualityLimits} where water.md gives one. */
public final class SiteAlarms {
    private SiteAlarms() {
    }

    public static List<AlarmDefinition> defaults() {
        List<AlarmDefinition> a = new ArrayList<>();
        String cl = WaterSite.CHLORINATION + ".";
        a.add(new AlarmDefinition("CL_TAP_LOW", cl + ChlorinationProgram.RES_CHLORINE, Kind.LOW,
                QualityLimits.TAP_CHLORINE_MIN.value() + 0.1, 0.02, Priority.CRITICAL, "reservoir free chlorine low"));
        a.add(new AlarmDefinition("CL_CW_HIGH", cl + ChlorinationProgram.CW_CHLORINE, Kind.HIGH,
                QualityLimits.CHLORINE_TARGET_MAX.value(), 0.05, Priority.HIGH, "clear-well chlorine above target"));
        a.add(new AlarmDefinition("CL_OVERDOSE", cl + ChlorinationProgram.OVERDOSE_TRIP, Kind.ON, 0, 0,
                Priority.CRITICAL, "chlorine overdose: dosing stopped"));
        a.add(new AlarmDefinition("TURB_FILTERED_HIGH", cl + ChlorinationProgram.FILTERED_TURBIDITY, Kind.HIGH,
                QualityLimits.FILTERED_TURBIDITY_MAX.value() * 0.8, 0.005, Priority.HIGH, "filtered turbidity high"));
        a.add(new AlarmDefinition("RW_HH", WaterSite.INTAKE + "." + LevelControlProgram.ALARM_HH, Kind.ON, 0, 0,
                Priority.MEDIUM, "receiving well level high-high"));
        a.add(new AlarmDefinition("RW_LL", WaterSite.INTAKE + "." + LevelControlProgram.INTERLOCK_LL, Kind.ON, 0, 0,
                Priority.HIGH, "receiving well low-low: intake pump stopped"));
        a.add(new AlarmDefinition("CW_LL", WaterSite.TRANSMISSION + "." + TransmissionProgram.INTERLOCK_LL, Kind.ON, 0, 0,
                Priority.HIGH, "clear well low-low: transmission pumps stopped"));
        a.add(new AlarmDefinition("FILTER_WASHING", WaterSite.FILTERS + "." + FilterProgram.washing(1), Kind.ON, 0, 0,
                Priority.LOW, "filter 1 in backwash"));
        for (String plc : List.of(WaterSite.INTAKE, WaterSite.COAGULATION, WaterSite.FILTERS, WaterSite.CHLORINATION,
                WaterSite.TRANSMISSION)) {
            String firstPoint = switch (plc) {
                case WaterSite.INTAKE -> LevelControlProgram.LEVEL;
                case WaterSite.COAGULATION -> CoagulationProgram.DOSE;
                case WaterSite.FILTERS -> FilterProgram.FILTERED_TURBIDITY;
                case WaterSite.CHLORINATION -> ChlorinationProgram.CW_CHLORINE;
                default -> TransmissionProgram.CW_LEVEL;
            };
            a.add(new AlarmDefinition("LINK_" + plc, plc + "." + firstPoint, Kind.COMM_FAIL, 0, 0, Priority.HIGH,
                    "PLC " + plc + " link failed"));
        }
        return a;
    }
}
