package io.github.ccrhil.ccr.firmware.hardware;

/**
 * The measurements of one half-cycle did not arrive in time, or arrived unusable in transit
 * (late, stale or corrupted), while the power stage is otherwise there. A real regulator's
 * sampling board misses a sample now and then; the control board holds its firing angle through
 * a few of these and trips only after the configured number in a row (protection setting
 * "missed-sample trip count").
 */
public final class MissedSample extends HardwareFault {

    public MissedSample(String message) {
        super(message);
    }

    public MissedSample(String message, Throwable cause) {
        super(message, cause);
    }
}
