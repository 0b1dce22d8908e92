package io.github.ccrhil.water.scada;

/**
 * A configured alarm.
 *
 * @param id       unique alarm id
 * @param tag      tag it watches (PLC.POINT)
 * @param kind     HIGH (value ≥ limit), LOW (value ≤ limit), ON (bit set), COMM_FAIL (link failed)
 * @param limit    threshold in engineering units (unused for ON and COMM_FAIL)
 * @param deadband return-to-normal hysteresis, ≥ 0
 * @param priority priority
 * @param text     operator message
 */
public record AlarmDefinition(String id, String tag, Kind kind, double limit, double deadband, Priority priority, String text) {

    public enum Kind { HIGH, LOW, ON, COMM_FAIL }

    /** Priority 1 (critical) to 4 (low). */
    public enum Priority { CRITICAL, HIGH, MEDIUM, LOW }

    public AlarmDefinition {
        if (id == null || id.isBlank() || tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("alarm id and tag must not be blank");
        }
        if (kind == null || priority == null) {
            throw new IllegalArgumentException("alarm " + id + ": kind and priority are required");
        }
        if (!(deadband >= 0) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("alarm " + id + ": limit finite and deadband >= 0 required");
        }
        if (text == null) {
            text = id;
        }
    }
}
