package io.github.ccrhil.ccr.verify.accept.plan;

import java.util.List;
import java.util.Locale;

/**
 * The procedures a plan can name. Each lists the limits it needs (by key, with the unit the
 * plan must give) and the parameters it accepts beyond the common conditions.
 */
public enum Procedure {
    IDENTITY(List.of(), List.of()),
    STEP_ACCURACY(List.of("settle-window:s"), List.of("dwell", "firstDwell")),
    STEP_CHANGE(List.of("overshoot:A", "settling:s"), List.of("sequence", "dwell", "firstDwell")),
    LOAD_CHANGE(List.of("overcurrent-duration:half-cycles"), List.of("shortedLamps", "dwell")),
    SURGE(List.of("hold-current:A", "hold-min:cycles", "hold-max:cycles", "recovery:s", "surge-peak:A", "surge-rms:A"),
            List.of("dwell")),
    OPEN_CIRCUIT(List.of("trip-time:s"), List.of("dwell")),
    OVERCURRENT(List.of("low-level:A", "low-delay:s", "high-level:A", "high-delay:s"), List.of("dwell")),
    POWER_INTERRUPTION(List.of("recovery:s", "sag-overcurrent:half-cycles"), List.of("interruption", "sag", "sagLength", "dwell")),
    LINK_LOSS(List.of("loss-timeout:s", "settling:s"), List.of("fallback", "loss", "dwell")),
    LOCAL_REMOTE(List.of("settling:s"), List.of("dwell")),
    LAMP_COUNT(List.of("count-error:lamps"), List.of("failedSequence", "dwell", "cannotTell")),
    EARTH_FAULT(List.of("level-1:MOhm", "level-2:MOhm"), List.of("earthFaultMohm", "dwell")),
    /**
     * Malformed, random and mutated frames at the remote interface while the DUT holds a step: on
     * connections of their own over Modbus/TCP or Modbus/TCP Security (with hostile TLS itself
     * besides); over a serial line on the verifier's own port, as many as the line carries in the
     * plan's {@code serial-line-time}.
     */
    PROTOCOL_ROBUSTNESS(List.of("response-time:s", "serial-line-time:s?"),
            List.of("frames", "batches", "connections", "dwell", "firstDwell", "frameGap", "answerWait", "burst", "tlsCases")),
    /**
     * A flood during a step change: connections requesting at full rate over Modbus/TCP or Modbus/TCP
     * Security; over a serial line, frames back to back from the verifier's port (to the DUT and to
     * other units).
     */
    FLOOD(List.of("overshoot:A", "settling:s", "response-time:s"),
            List.of("connections", "sequence", "dwell", "firstDwell", "frameGap", "burst")),
    /** Idle and half-open connections beyond the DUT's declared connection limit (needs Modbus/TCP or Modbus/TCP Security; over TLS also idle sessions and half-done handshakes; NOT_APPLICABLE over RTU). */
    CONNECTION_EXHAUSTION(List.of("max-connections:connections", "service-time:s", "response-time:s"),
            List.of("sockets", "hold", "dwell", "firstDwell")),
    /** Every write function code refused at LOCAL; configuration writes refused without the engineer's right. */
    AUTHORITY(List.of(), List.of("dwell", "firstDwell", "unknownCaKey", "lackingRoleKey", "lackingRole"));

    /** The procedures that test the remote interface itself, through the DUT's Modbus access. */
    public boolean security() {
        return this == PROTOCOL_ROBUSTNESS || this == FLOOD || this == CONNECTION_EXHAUSTION || this == AUTHORITY;
    }

    /**
     * The security procedures whose Modbus/TCP form needs the DUT's Modbus/TCP address (hostile
     * connections of their own); over a serial line robustness and flood have forms of their own.
     */
    public boolean needsTcp() {
        return this == PROTOCOL_ROBUSTNESS || this == FLOOD || this == CONNECTION_EXHAUSTION;
    }

    private final List<String> limits;
    private final List<String> params;

    Procedure(List<String> limits, List<String> params) {
        this.limits = limits;
        this.params = params;
    }

    /** Limit keys with their unit, as "key:unit"; "key:unit?" is a limit the plan may leave out. */
    public List<String> limitSpecs() {
        return limits;
    }

    /**
     * Limits a plan may give, as "key:unit"; a check that needs one the plan does not give is not
     * made (recorded as such). Connection exhaustion: {@code handshake-timeout}, the DUT's declared
     * deadline for a TLS handshake, judged over Modbus/TCP Security.
     */
    public List<String> optionalLimitSpecs() {
        return this == CONNECTION_EXHAUSTION ? List.of("handshake-timeout:s") : List.of();
    }

    public List<String> params() {
        return params;
    }

    /** The name used in plans, e.g. "step-accuracy". */
    public String planName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Procedure fromPlanName(String s) {
        for (Procedure p : values()) {
            if (p.planName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown procedure '" + s + "'; known: "
                + java.util.Arrays.stream(values()).map(Procedure::planName).toList());
    }
}
