package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.LinkInterruptedException;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;

/**
 * The DUT's remote interface over Modbus, by the semantic points of its register profile
 * (command_step, operating_state, actual_step, output_current, failed_lamps, remote_mode,
 * alarm_*), and its identity by FC 43/14 (extended objects 0x80.. as triples "component: model",
 * revision, sha256). Every transaction has the client's deadline; a link fault becomes a
 * {@link DutException} naming it. A device refusal (a Modbus exception) is an answer, not a fault;
 * a gateway's 0x0A or 0x0B in the device's place is a fault (the device said nothing).
 */
public final class ModbusRemote implements RemoteInterface {

    /** operating_state codes of the reference profile. */
    private static final String[] STATES = {"OFF", "STARTING", "REGULATING", "SURGE_HOLD", "MAINS_LOSS", "TRIPPED", "LOCKED_OUT"};

    private final ModbusClient modbus;
    private final ProfileClient client;
    private final Profile profile;
    private final String where;
    private final List<String> alarmPoints;

    public ModbusRemote(ModbusClient modbus, Profile profile, String where) {
        this.modbus = modbus;
        this.profile = profile;
        this.client = new ProfileClient(modbus, profile);
        this.where = where;
        // the alarms are the profile's alarm_* points, in the profile's order: the DUT's list, not the verifier's
        this.alarmPoints = profile.points().stream().map(p -> p.name()).filter(n -> n.startsWith("alarm_")).toList();
    }

    @Override
    public Outcome selectStep(int step) throws DutException {
        try {
            client.write("command_step", (double) step);
            return new Outcome(true, "accepted");
        } catch (ModbusExceptionResponse e) {
            if (e.fromGateway()) {
                throw fault("command_step", e); // the gateway's answer: the DUT said nothing
            }
            return new Outcome(false, "Modbus exception " + e.exceptionCode() + (e.code() == null ? "" : " " + e.code()));
        } catch (LinkException e) {
            throw fault("command_step", e);
        }
    }

    @Override
    public Outcome reset() throws DutException {
        return pulse("reset");
    }

    @Override
    public Outcome acknowledgeAlarms() throws DutException {
        return pulse("acknowledge_alarms");
    }

    /** Writes 1 to a command coil the profile names (reset, acknowledge_alarms). */
    private Outcome pulse(String coil) throws DutException {
        if (profile.point(coil).isEmpty()) {
            return new Outcome(false, "profile " + profile.profile() + " has no point '" + coil + "'");
        }
        try {
            client.write(coil, true);
            return new Outcome(true, "accepted");
        } catch (ModbusExceptionResponse e) {
            if (e.fromGateway()) {
                throw fault(coil, e);
            }
            return new Outcome(false, "Modbus exception " + e.exceptionCode() + (e.code() == null ? "" : " " + e.code()));
        } catch (LinkException e) {
            throw fault(coil, e);
        }
    }

    @Override
    public Readout read() throws DutException {
        try {
            int code = (int) StrictMath.rint(client.readNumber("operating_state"));
            String state = code >= 0 && code < STATES.length ? STATES[code] : "STATE_" + code;
            int step = (int) StrictMath.rint(client.readNumber("actual_step"));
            double current = client.readNumber("output_current");
            int lamps = (int) StrictMath.rint(client.readNumber("failed_lamps"));
            boolean remote = Boolean.TRUE.equals(client.read("remote_mode"));
            Set<String> alarms = new LinkedHashSet<>();
            for (String name : alarmPoints) {
                if (Boolean.TRUE.equals(client.read(name))) {
                    alarms.add(name.substring("alarm_".length()).toUpperCase(Locale.ROOT));
                }
            }
            return new Readout(state, step, current, lamps, alarms, remote);
        } catch (LinkException e) {
            throw fault("read", e);
        }
    }

    @Override
    public void keepAlive() throws DutException {
        try {
            client.read("operating_state");
        } catch (LinkException e) {
            throw fault("poll", e);
        }
    }

    @Override
    public List<ComponentIdentity> identity() throws DutException {
        SortedMap<Integer, String> objects;
        try {
            objects = modbus.readDeviceIdentification(profile.unitId(), 3);
        } catch (LinkException e) {
            throw fault("device identification", e);
        }
        List<ComponentIdentity> out = new ArrayList<>();
        for (int id = 0x80; objects.containsKey(id) && objects.containsKey(id + 2); id += 3) {
            String head = objects.get(id);
            int colon = head.indexOf(": ");
            String name = colon < 0 ? head : head.substring(0, colon);
            String model = colon < 0 ? "" : head.substring(colon + 2);
            String sha = objects.get(id + 2).trim();
            try {
                out.add(new ComponentIdentity(name, model, objects.get(id + 1), sha));
            } catch (IllegalArgumentException e) {
                out.add(new ComponentIdentity(name, model, objects.get(id + 1), "n/a"));
            }
        }
        return out;
    }

    private DutException fault(String what, LinkException e) {
        if (e instanceof LinkInterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new DutException("DUT at " + where + " did not answer (" + what + "): " + e.getMessage(), e);
    }

    @Override
    public java.util.Optional<ModbusAccess> modbus() {
        return java.util.Optional.of(new ModbusAccess(modbus, profile, ModbusAccess.tcpAddress(where), where, probes.get()));
    }

    private java.util.function.Supplier<TlsProbes> probes = () -> TlsProbes.NONE;

    /** Over Modbus/TCP Security, the clients the authority procedure presents besides the verifier's. */
    public ModbusRemote withTlsProbes(TlsProbes p) {
        java.util.Objects.requireNonNull(p, "probes");
        this.probes = () -> p;
        return this;
    }

    /**
     * As {@link #withTlsProbes(TlsProbes)}, made when a procedure first asks for the DUT's Modbus
     * access (so a Modbus/TCP Security port beside this link is served only for the procedures that use it).
     */
    public ModbusRemote withTlsProbes(java.util.function.Supplier<TlsProbes> p) {
        this.probes = java.util.Objects.requireNonNull(p, "probes");
        return this;
    }

    @Override
    public String describe() {
        return "modbus " + where;
    }

    @Override
    public void close() {
        modbus.close();
    }

    /** Points the verifier needs from any profile. */
    public static final List<String> REQUIRED_POINTS = List.of("command_step", "operating_state", "actual_step",
            "output_current", "failed_lamps", "remote_mode");

    /** @throws IllegalArgumentException naming the first point the profile lacks */
    public static void requirePoints(Profile p) {
        for (String n : REQUIRED_POINTS) {
            if (p.point(n).isEmpty()) {
                throw new IllegalArgumentException("profile " + p.profile() + " has no point '" + n + "', which the verifier needs");
            }
        }
    }
}
