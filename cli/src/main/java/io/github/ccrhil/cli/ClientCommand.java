package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointType;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A Modbus client that reads and writes by semantic point name through a profile:
 * {@code client --tcp 127.0.0.1:5020 read output_current actual_step},
 * {@code client --rtu /dev/ttyUSB0 write command_step=3}, {@code client ... dump},
 * {@code client ... identify}.
 */
@Command(name = "client", aliases = "master", mixinStandardHelpOptions = true,
        description = {"Read and write a Modbus device by point name through a profile (default: the reference CCR).",
            "Actions: read <point>..., write <point>=<value>..., dump (every point), identify (FC 43/14)."})
public final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LinkOptions link;

    @Option(names = "--profile", paramLabel = "<file.yaml>", description = "vendor profile (default: the reference CCR)")
    Path profileFile;

    @Option(names = "--power-stage", description = "use the emulated power stage's profile")
    boolean powerStage;

    @Option(names = "--unit", description = "unit id (default: the profile's)")
    Integer unit;

    @Parameters(index = "0", paramLabel = "<action>", description = "read, write, dump or identify")
    String action;

    @Parameters(index = "1..*", paramLabel = "<point>[=<value>]", arity = "0..*")
    List<String> points = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Profile profile;
        try {
            profile = profileFile != null ? ProfileLoader.load(profileFile)
                    : powerStage ? CcrProfiles.powerStage() : CcrProfiles.referenceCcr();
        } catch (ProfileException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (ModbusClient modbus = link.client()) {
            ProfileClient client = new ProfileClient(modbus, profile, unit == null ? profile.unitId() : unit);
            switch (action) {
                case "read" -> {
                    for (String name : points) {
                        out.println(format(profile.require(name), client.read(name)));
                    }
                }
                case "write" -> {
                    for (String assignment : points) {
                        int eq = assignment.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("write needs <point>=<value>, was " + assignment);
                        }
                        String name = assignment.substring(0, eq);
                        Point p = profile.require(name);
                        client.write(name, value(p, assignment.substring(eq + 1)));
                        out.println(format(p, client.read(name)));
                    }
                }
                case "dump" -> {
                    for (Map.Entry<String, Object> e : client.readAll().entrySet()) {
                        out.println(format(profile.require(e.getKey()), e.getValue()));
                    }
                }
                case "identify" -> {
                    for (Map.Entry<Integer, String> e : modbus.readDeviceIdentification(unit == null ? profile.unitId() : unit, 3).entrySet()) {
                        out.printf("0x%02X %s%n", e.getKey(), e.getValue());
                    }
                }
                default -> throw new IllegalArgumentException("action must be read, write, dump or identify, was " + action);
            }
            out.flush();
            return 0;
        } catch (LinkException e) {
            err.println(link.describe() + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static Object value(Point p, String text) {
        if (p.type() == PointType.STRING) {
            return text;
        }
        if (p.type() == PointType.BOOL) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "1", "true", "on" -> Boolean.TRUE;
                case "0", "false", "off" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException(p.name() + " takes 0/1, was " + text);
            };
        }
        if (p.values() != null) {
            for (Map.Entry<Integer, String> e : p.values().entrySet()) {
                if (e.getValue().equalsIgnoreCase(text)) {
                    return e.getKey() * p.effectiveScale();
                }
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(p.name() + " takes a number" + (p.values() == null ? "" : " or one of " + p.values().values())
                    + ", was " + text);
        }
    }

    static String format(Point p, Object v) {
        String shown;
        if (v instanceof Double d) {
            if (p.values() != null && p.values().containsKey((int) StrictMath.rint(d / p.effectiveScale()))) {
                shown = p.values().get((int) StrictMath.rint(d / p.effectiveScale())) + " (" + (long) StrictMath.rint(d) + ")";
            } else if (d == StrictMath.rint(d) && StrictMath.abs(d) < 1e15) {
                shown = String.valueOf((long) (double) d);
            } else {
                shown = String.format(java.util.Locale.ROOT, "%.6g", d);
            }
        } else {
            shown = String.valueOf(v);
        }
        return p.name() + " = " + shown + (p.unit().isEmpty() ? "" : " " + p.unit());
    }
}
