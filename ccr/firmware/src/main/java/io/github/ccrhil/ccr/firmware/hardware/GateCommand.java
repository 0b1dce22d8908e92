package io.github.ccrhil.ccr.firmware.hardware;

/**
 * What the control board tells the power stage for one half-cycle.
 *
 * @param contactorClosed the main input contactor: {@code false} de-energises the output
 *     whatever the firing angle
 * @param firingAngleRad thyristor firing (delay) angle from the mains voltage zero crossing, in
 *     radians, 0 (full conduction) to π (no conduction)
 */
public record GateCommand(boolean contactorClosed, double firingAngleRad) {

    public static final double NO_CONDUCTION = Math.PI;
    public static final GateCommand OFF = new GateCommand(false, NO_CONDUCTION);

    public GateCommand {
        if (!(firingAngleRad >= 0.0 && firingAngleRad <= Math.PI)) {
            throw new IllegalArgumentException("firing angle must be in [0, π] rad, was " + firingAngleRad);
        }
    }
}
