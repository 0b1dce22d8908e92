package io.github.ccrhil.water.plant;

/** Field-wiring tag names of the plant: sensors (read) and actuators (written by PLCs). */
public final class Tags {
    private Tags() {
    }

    // sensors
    public static final String RW_LEVEL = "RW.LEVEL";
    public static final String RW_INFLOW = "RW.INFLOW";
    public static final String RAW_TURBIDITY = "RAW.TURBIDITY";
    public static final String RAW_PH = "RAW.PH";
    public static final String INTAKE_FLOW = "INTAKE.FLOW";
    public static final String SETTLED_TURBIDITY = "SED.TURBIDITY";
    public static final String COAG_DOSE_FB = "COAG.DOSE_FB";
    public static final String FILTERED_TURBIDITY = "FILTERED.TURBIDITY";
    public static final String CW_LEVEL = "CW.LEVEL";
    public static final String CW_CHLORINE = "CW.CHLORINE";
    public static final String CW_PH = "CW.PH";
    public static final String TX_FLOW = "TX.FLOW";
    public static final String RES_LEVEL = "RES.LEVEL";
    public static final String RES_CHLORINE = "RES.CHLORINE";
    public static final String RES_TURBIDITY = "RES.TURBIDITY";
    public static final String RES_PH = "RES.PH";

    // actuators
    public static final String RW_INLET = "RW.INLET";
    public static final String RW_INTAKE_PUMP = "RW.INTAKE_PUMP";
    public static final String COAG_DOSE = "COAG.DOSE";
    public static final String CL_DOSE = "CL.DOSE";

    public static String filterHeadLoss(int i) {
        return "FLT" + i + ".HEADLOSS";
    }

    public static String filterInlet(int i) {
        return "FLT" + i + ".INLET";
    }

    public static String filterWash(int i) {
        return "FLT" + i + ".WASH";
    }

    /** Filter-to-waste valve: open while a washed filter ripens. */
    public static String filterWaste(int i) {
        return "FLT" + i + ".WASTE";
    }

    public static String txPump(int i) {
        return "TX.PUMP" + i;
    }
}
