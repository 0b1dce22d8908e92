package io.github.ccrhil.ccr.emulator.device;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.firmware.board.Alarm;
import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.board.FailsafeMode;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.ProtectionSettings;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.profile.Access;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointAccessor;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The reference profile bound to a real {@link ControlBoard}: {@link BoardStatus} becomes
 * registers, remote writes become {@code board.command(...)} with origin REMOTE.
 *
 * <p>The device adds no authority rule of its own: every remote write is a command to the
 * board, and the board answers. A command the board refuses (key switch at LOCAL, OFF, locked
 * out) ends the write with 01 and the board's reason. The device's own registers, which are
 * no command to the board (event_select, configuration_unlock), follow the key switch as the
 * board reports it in its status.
 *
 * <ul>
 *   <li>A board that refuses remote commands in LOCAL gets every remote write refused with 01,
 *       changing nothing (also event_select and configuration_unlock).</li>
 *   <li>Configuration (rw-protected) is writable only after {@value #UNLOCK_CODE} was written to
 *       configuration_unlock (01 otherwise); values the board's own validation rejects get 03.</li>
 *   <li>A multi-point write is checked completely before anything is applied.</li>
 *   <li>Any request while the selector is REMOTE counts as remote contact: the device sends the
 *       board a Heartbeat at most every quarter of the link-loss timeout (so polling keeps the
 *       link alive without flooding the event log).</li>
 * </ul>
 *
 * <p>The board is single-threaded: every access here holds {@code lock}, which the control
 * loop must also hold around {@code controlStep}.
 */
public final class CcrModbusDevice implements PointAccessor {

    /** The value of configuration_unlock that unlocks configuration. */
    public static final int UNLOCK_CODE = 0xC0DE;

    private static final String[] STATE_CODES = {"OFF", "STARTING", "REGULATING", "SURGE_HOLD", "MAINS_LOSS", "TRIPPED", "LOCKED_OUT"};

    private final ControlBoard board;
    private final Board front;
    private final Object lock;
    private final Profile profile;
    private BoardStatus status;
    private List<Event> events;
    private int eventSelect;
    private int unlockValue;
    private int failsafeStep;
    private Instant lastHeartbeat;

    /**
     * What the device hands remote commands to and reads the status from: the control board
     * itself, or firmware built around it (an emulated DUT's variant). Whatever it answers is
     * what the Modbus client gets.
     */
    public interface Board {
        CommandOutcome command(Command c);

        BoardStatus status();

        static Board of(ControlBoard b) {
            return new Board() {
                @Override
                public CommandOutcome command(Command c) {
                    return b.command(c);
                }

                @Override
                public BoardStatus status() {
                    return b.status();
                }
            };
        }
    }

    /**
     * @param lock held around every call into the board; the control loop must hold it too
     */
    public CcrModbusDevice(ControlBoard board, Object lock) {
        this(board, Board.of(board), lock);
    }

    /**
     * @param board the board whose configuration, settings, events and identity are served
     * @param front what remote commands go to and the status is read from (the board, or
     *     firmware around it)
     * @param lock held around every call into the board; the control loop must hold it too
     */
    public CcrModbusDevice(ControlBoard board, Board front, Object lock) {
        this.board = Objects.requireNonNull(board, "board");
        this.front = Objects.requireNonNull(front, "front");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.profile = CcrProfiles.referenceCcr();
        for (Point p : profile.points()) {
            // fails at construction, not at the first request, if profile and binding disagree
            if (!KNOWN.contains(p.name())) {
                throw new IllegalStateException("reference profile point " + p.name() + " has no binding");
            }
        }
        synchronized (lock) {
            this.status = front.status();
            if (status.failsafe() instanceof FailsafeMode.FixedStep f) {
                failsafeStep = f.step();
            }
        }
    }

    /** A server core answering with the reference profile for this board. */
    public ModbusServerCore serverCore() {
        return new ModbusServerCore(new RegisterImage(profile, this));
    }

    public Profile profile() {
        return profile;
    }

    @Override
    public void beginRequest() {
        synchronized (lock) {
            status = front.status();
            events = null;
            if (status.selector() == Selector.REMOTE) {
                Duration interval = board.settings().linkLossTimeout().value().dividedBy(4);
                if (lastHeartbeat == null || Duration.between(lastHeartbeat, status.at()).compareTo(interval) >= 0) {
                    front.command(new Command.Heartbeat());
                    lastHeartbeat = status.at();
                }
            }
        }
    }

    private static final java.util.Set<String> KNOWN = new java.util.HashSet<>(List.of(
            "reset", "acknowledge_alarms", "remote_mode", "output_energised", "alarm_any", "alarms_unacknowledged",
            "configuration_unlocked", "actual_step", "operating_state", "selector", "output_current", "output_voltage",
            "apparent_power", "active_power", "power_factor", "insulation_resistance", "failed_lamps", "input_voltage",
            "mains_frequency", "peak_current", "commanded_step", "target_current", "trip_cause", "operating_time",
            "switch_on_count", "trip_count", "surge_hold_count", "mains_loss_count", "link_loss_count", "event_count",
            "event_sequence", "event_time", "event_time_ms", "event_kind", "event_detail", "product_name",
            "command_step", "event_select", "configuration_unlock", "open_circuit_trip_delay", "overcurrent_low_delay",
            "overcurrent_high_delay", "link_loss_timeout", "failsafe_mode", "failsafe_step", "lamp_failure_level_1",
            "lamp_failure_level_2", "earth_fault_level_1", "earth_fault_level_2"));

    static {
        for (Alarm a : Alarm.values()) {
            KNOWN.add("alarm_" + a.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (int s = 1; s <= 5; s++) {
            KNOWN.add("step_" + s + "_time");
        }
    }

    @Override
    public Object read(Point p) {
        synchronized (lock) {
            BoardStatus s = status;
            String n = p.name();
            if (n.startsWith("alarm_") && !n.equals("alarm_any")) {
                return s.activeAlarms().contains(Alarm.valueOf(n.substring(6).toUpperCase(java.util.Locale.ROOT)));
            }
            if (n.startsWith("step_") && n.endsWith("_time")) {
                int step = Integer.parseInt(n.substring(5, n.length() - 5));
                return seconds(s.hoursPerStep().getOrDefault(step, Duration.ZERO));
            }
            if (n.startsWith("event_") && !n.equals("event_select") && !n.equals("event_count")) {
                return eventField(n);
            }
            ProtectionSettings ps = board.settings();
            return switch (n) {
                case "reset", "acknowledge_alarms" -> Boolean.FALSE;
                case "remote_mode" -> s.selector() == Selector.REMOTE;
                case "output_energised" -> s.state().energised();
                case "alarm_any" -> !s.activeAlarms().isEmpty();
                case "alarms_unacknowledged" -> !s.unacknowledgedAlarms().isEmpty();
                case "configuration_unlocked" -> unlockValue == UNLOCK_CODE;
                case "actual_step" -> (double) s.activeStep();
                case "operating_state" -> (double) List.of(STATE_CODES).indexOf(s.state().label());
                case "selector" -> (double) s.selector().ordinal();
                case "output_current" -> s.smoothed().currentRmsA();
                case "output_voltage" -> s.smoothed().voltageRmsV();
                case "apparent_power" -> s.smoothed().apparentPowerVA();
                case "active_power" -> StrictMath.max(0.0, s.smoothed().realPowerW());
                case "power_factor" -> s.smoothed().powerFactor();
                case "insulation_resistance" -> s.latest().insulationResistanceOhms() / 1e6;
                case "failed_lamps" -> (double) s.smoothed().estimatedFailedLamps();
                case "input_voltage" -> s.latest().inputVoltageRmsV();
                case "mains_frequency" -> s.latest().mainsFrequencyHz();
                case "peak_current" -> s.latest().peakCurrentA();
                case "commanded_step" -> (double) s.commandedStep();
                case "target_current" -> s.targetCurrentA();
                case "trip_cause" -> tripCause(s.state());
                case "operating_time" -> seconds(s.hoursPerStep().values().stream().reduce(Duration.ZERO, Duration::plus));
                case "switch_on_count" -> (double) s.counters().energisations();
                case "trip_count" -> (double) s.counters().tripsByCause().values().stream().mapToLong(Long::longValue).sum();
                case "surge_hold_count" -> (double) s.counters().surgeHolds();
                case "mains_loss_count" -> (double) s.counters().mainsLosses();
                case "link_loss_count" -> (double) s.counters().linkLosses();
                case "event_count" -> (double) s.lastEventSequence();
                case "product_name" -> PRODUCT_NAME;
                case "command_step" -> (double) s.commandedStep();
                case "event_select" -> (double) eventSelect;
                case "configuration_unlock" -> (double) unlockValue;
                case "open_circuit_trip_delay" -> seconds(ps.openCircuitTripDelay().value());
                case "overcurrent_low_delay" -> seconds(ps.overcurrentLowDelay().value());
                case "overcurrent_high_delay" -> seconds(ps.overcurrentHighDelay().value());
                case "link_loss_timeout" -> seconds(ps.linkLossTimeout().value());
                case "failsafe_mode" -> s.failsafe() instanceof FailsafeMode.Hold ? 0.0
                        : s.failsafe() instanceof FailsafeMode.FixedStep ? 1.0 : 2.0;
                case "failsafe_step" -> (double) failsafeStep;
                case "lamp_failure_level_1" -> ps.lampFailureLevel1().value();
                case "lamp_failure_level_2" -> ps.lampFailureLevel2().value();
                case "earth_fault_level_1" -> ps.earthFaultLevel1().value() / 1e6;
                case "earth_fault_level_2" -> ps.earthFaultLevel2().value() / 1e6;
                default -> throw new IllegalStateException("no binding for point " + n);
            };
        }
    }

    private static final String PRODUCT_NAME = "ccr-hil reference CCR (emulated)";

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double tripCause(BoardState state) {
        if (state instanceof BoardState.Tripped t) {
            return t.cause().ordinal() + 1;
        }
        if (state instanceof BoardState.LockedOut l) {
            return l.cause().ordinal() + 1;
        }
        return 0;
    }

    private Object eventField(String name) {
        if (events == null) {
            events = board.events().snapshot();
        }
        int index = events.size() - 1 - eventSelect;
        Event e = index >= 0 ? events.get(index) : null;
        return switch (name) {
            case "event_sequence" -> e == null ? 0.0 : (double) e.sequence();
            case "event_time" -> e == null ? 0.0 : (double) e.timestamp().getEpochSecond();
            case "event_time_ms" -> e == null ? 0.0 : (double) (e.timestamp().getNano() / 1_000_000);
            case "event_kind" -> e == null ? 0.0 : (double) (e.kind().ordinal() + 1);
            case "event_detail" -> e == null ? "" : ascii(e.detail(), 48);
            default -> throw new IllegalStateException("no binding for point " + name);
        };
    }

    private static String ascii(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    @Override
    public void write(List<PointWrite> writes) throws ModbusServiceException {
        synchronized (lock) {
            // 1. check everything, apply nothing
            int stepCount = board.config().steps().stepCount();
            boolean unlocked = unlockValue == UNLOCK_CODE;
            int newUnlock = unlockValue;
            int newSelect = eventSelect;
            Integer step = null;
            boolean reset = false;
            boolean acknowledge = false;
            ProtectionSettings settings = board.settings();
            boolean settingsChanged = false;
            FailsafeMode failsafe = front.status().failsafe();
            int newFailsafeStep = failsafeStep;
            Integer newFailsafeMode = null;
            for (PointWrite w : writes) {
                String n = w.point().name();
                if (w.point().access() == Access.READ_WRITE_PROTECTED && !unlocked) {
                    throw ModbusServiceException.illegalFunction(n + " is write-protected: write " + UNLOCK_CODE
                            + " to configuration_unlock first");
                }
                double v = w.value() instanceof Number num ? num.doubleValue() : Boolean.TRUE.equals(w.value()) ? 1 : 0;
                try {
                    switch (n) {
                        case "reset" -> reset |= v != 0;
                        case "acknowledge_alarms" -> acknowledge |= v != 0;
                        case "command_step" -> {
                            int st = (int) StrictMath.rint(v);
                            if (st > stepCount) {
                                throw ModbusServiceException.illegalValue("step " + st + " outside 0.." + stepCount);
                            }
                            step = st;
                        }
                        case "event_select" -> newSelect = (int) StrictMath.rint(v);
                        case "configuration_unlock" -> {
                            newUnlock = (int) StrictMath.rint(v);
                            unlocked = newUnlock == UNLOCK_CODE;
                        }
                        case "open_circuit_trip_delay" -> settings = settings.withTime(
                                settings.openCircuitTripDelay().name(), millis(v));
                        case "overcurrent_low_delay" -> settings = settings.withTime(
                                settings.overcurrentLowDelay().name(), millis(v));
                        case "overcurrent_high_delay" -> settings = settings.withTime(
                                settings.overcurrentHighDelay().name(), millis(v));
                        case "link_loss_timeout" -> settings = settings.withTime(
                                settings.linkLossTimeout().name(), millis(v));
                        case "lamp_failure_level_1" -> settings = settings.withLimit(settings.lampFailureLevel1().name(), v);
                        case "lamp_failure_level_2" -> settings = settings.withLimit(settings.lampFailureLevel2().name(), v);
                        case "earth_fault_level_1" -> settings = settings.withLimit(settings.earthFaultLevel1().name(), v * 1e6);
                        case "earth_fault_level_2" -> settings = settings.withLimit(settings.earthFaultLevel2().name(), v * 1e6);
                        case "failsafe_mode" -> newFailsafeMode = (int) StrictMath.rint(v);
                        case "failsafe_step" -> {
                            newFailsafeStep = (int) StrictMath.rint(v);
                            if (newFailsafeStep > stepCount) {
                                throw ModbusServiceException.illegalValue("failsafe step " + newFailsafeStep + " outside 0.." + stepCount);
                            }
                        }
                        default -> throw ModbusServiceException.illegalAddress(n + " is not writable");
                    }
                } catch (IllegalArgumentException e) {
                    throw ModbusServiceException.illegalValue(n + ": " + e.getMessage());
                }
                if (n.startsWith("open_") || n.startsWith("overcurrent_") || n.startsWith("link_loss")
                        || n.startsWith("lamp_") || n.startsWith("earth_")) {
                    settingsChanged = true;
                }
            }
            FailsafeMode newFailsafe = null;
            int mode = newFailsafeMode != null ? newFailsafeMode
                    : failsafe instanceof FailsafeMode.Hold ? 0 : failsafe instanceof FailsafeMode.FixedStep ? 1 : 2;
            if (newFailsafeMode != null || newFailsafeStep != failsafeStep) {
                newFailsafe = mode == 0 ? FailsafeMode.HOLD : mode == 1 ? FailsafeMode.fixedStep(newFailsafeStep) : FailsafeMode.OFF;
            }
            BoardState state = board.state();
            // a reset coil with nothing to reset is a no-op (the coil is idempotent); otherwise the board decides
            boolean sendReset = reset && (state instanceof BoardState.Tripped || state instanceof BoardState.LockedOut);
            // 2. hand everything to the board; the first refusal ends the write (the step and the
            //    reset first, so that a refusal of either leaves the settings untouched)
            boolean anyCommand = settingsChanged || newFailsafe != null || step != null || acknowledge || sendReset;
            if (!anyCommand && front.status().selector() == Selector.LOCAL) {
                throw ModbusServiceException.illegalFunction("key switch at LOCAL (as the board reports it): remote writes refused");
            }
            if (step != null) {
                apply(new Command.SelectStep(step, Origin.REMOTE));
            }
            if (sendReset) {
                apply(new Command.Reset(Origin.REMOTE));
            }
            if (settingsChanged) {
                apply(new Command.ChangeSettings(settings, Origin.REMOTE));
            }
            if (newFailsafe != null) {
                apply(new Command.SetFailsafe(newFailsafe, Origin.REMOTE));
                failsafeStep = newFailsafeStep;
            }
            if (acknowledge) {
                apply(new Command.AcknowledgeAlarms(Origin.REMOTE));
            }
            eventSelect = newSelect;
            unlockValue = newUnlock;
            status = front.status();
        }
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(StrictMath.round(seconds * 1000.0));
    }

    private void apply(Command c) throws ModbusServiceException {
        CommandOutcome outcome = front.command(c);
        if (outcome instanceof CommandOutcome.Refused r) {
            // the board's answer, passed on: it alone decides what a remote client may do
            throw ModbusServiceException.illegalFunction("refused by the board: " + r.reason());
        }
    }

    @Override
    public DeviceIdentity identity() {
        DesignatedEquipment eq;
        synchronized (lock) {
            eq = board.equipment();
        }
        return identity(eq);
    }

    /**
     * Device identification: basic and regular objects name vendor and product; extended objects
     * 0x80..0x88 name each component of the designated equipment.
     */
    public static DeviceIdentity identity(DesignatedEquipment eq) {
        Map<Integer, String> o = new TreeMap<>();
        o.put(DeviceIdentity.VENDOR_NAME, "ccr-hil");
        o.put(DeviceIdentity.PRODUCT_CODE, "REF-CCR");
        o.put(DeviceIdentity.MAJOR_MINOR_REVISION, CurrentControlSoftware.VERSION);
        o.put(DeviceIdentity.PRODUCT_NAME, PRODUCT_NAME);
        o.put(DeviceIdentity.MODEL_NAME, ascii(eq.controlBoard().model(), 64));
        o.put(DeviceIdentity.USER_APPLICATION_NAME, ascii(eq.currentControlSoftware().model(), 64));
        int id = 0x80;
        for (ComponentIdentity c : eq.components()) {
            o.put(id++, ascii(c.component() + ": " + c.model(), 120));
            o.put(id++, ascii(c.revision(), 64));
            o.put(id++, ascii(c.sha256(), 64));
        }
        return new DeviceIdentity(o);
    }
}
