package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointType;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.Access;
import io.github.ccrhil.modbus.profile.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The register maps of the water PLCs, one YAML profile per PLC kind, shipped as resources
 * ({@code /profiles/water/*.yaml}) in the modbus-core profile format.
 */
public final class Profiles {
    public static final String INTAKE = "/profiles/water/intake.yaml";
    public static final String COAGULATION = "/profiles/water/coagulation.yaml";
    public static final String FILTERS = "/profiles/water/filters.yaml";
    public static final String CHLORINATION = "/profiles/water/chlorination.yaml";
    public static final String TRANSMISSION = "/profiles/water/transmission.yaml";

    private static final Pattern FILTER_POINT = Pattern.compile("(?:flt|bw)(\\d+)_.*");
    private static final Pattern PUMP_POINT = Pattern.compile("pump(\\d+)_on");

    private Profiles() {
    }

    /** A shipped profile as it is in the jar. */
    public static Profile shipped(String resource) {
        try {
            return ProfileLoader.parse(ProfileLoader.resourceText(resource), resource);
        } catch (ProfileException e) {
            throw new IllegalStateException("shipped profile " + resource + " is invalid: " + e.getMessage(), e);
        }
    }

    public static Profile intake() {
        return shipped(INTAKE);
    }

    public static Profile coagulation() {
        return shipped(COAGULATION);
    }

    public static Profile chlorination() {
        return shipped(CHLORINATION);
    }

    /** The filter PLC's profile for {@code count} filters (1..16): the points of filters 1..count. */
    public static Profile filters(int count) {
        return numbered(shipped(FILTERS), FILTER_POINT, count, 16, "filters");
    }

    /** The transmission PLC's profile for {@code pumps} pumps (1..8). */
    public static Profile transmission(int pumps) {
        return numbered(shipped(TRANSMISSION), PUMP_POINT, pumps, 8, "transmission pumps");
    }

    private static Profile numbered(Profile all, Pattern numberedPoint, int count, int max, String what) {
        if (count < 1 || count > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + ", was " + count);
        }
        return select(all, p -> {
            Matcher m = numberedPoint.matcher(p.name());
            return !m.matches() || Integer.parseInt(m.group(1)) <= count;
        });
    }

    private static Profile select(Profile all, Predicate<Point> keep) {
        List<Point> points = new ArrayList<>();
        for (Point p : all.points()) {
            if (keep.test(p)) {
                points.add(p);
            }
        }
        return new Profile(all.profile(), all.format(), all.vendor(), all.product(), all.unitId(), all.wordOrder(),
                all.description(), points, all.roles());
    }

    /** The synthetic load PLC: input registers p0..p(n-1), one set-point sp (0..1000). */
    public static Profile synthetic(int points) {
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            p.add(new Point("p" + i, Table.INPUT_REGISTER, i, PointType.U16, null, null, "", Access.READ, null, null, null,
                    "changes every scan"));
        }
        p.add(new Point("sp", Table.HOLDING_REGISTER, 0, PointType.U16, null, null, "", Access.READ_WRITE, 0.0, 1000.0, null,
                "a writable set-point"));
        return new Profile("water-synthetic-" + points, 1, "ccr-hil", "synthetic load PLC", 1, "big",
                "Load for scan tests and benchmarks.", p);
    }
}
