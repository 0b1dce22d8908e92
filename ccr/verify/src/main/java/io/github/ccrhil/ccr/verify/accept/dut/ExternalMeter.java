package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.ProfileClient;
import java.util.Locale;

/**
 * A true-rms meter read over Modbus by point name: the independent measurement of the loop
 * current. The profile's scale applies; a point whose unit is mA is converted to A.
 */
public final class ExternalMeter {

    private final ProfileClient client;
    private final String point;
    private final double toAmperes;
    private final String identity;

    public ExternalMeter(ProfileClient client, String point, String identity) {
        Point p = client.profile().point(point).orElseThrow(() ->
                new IllegalArgumentException("meter profile has no point '" + point + "'"));
        String unit = p.unit() == null || p.unit().isBlank() ? "A" : p.unit().trim();
        this.toAmperes = switch (unit.toLowerCase(Locale.ROOT)) {
            case "a" -> 1.0;
            case "ma" -> 1e-3;
            default -> throw new IllegalArgumentException("meter point '" + point + "' has unit '" + unit + "', expected A or mA");
        };
        this.client = client;
        this.point = point;
        this.identity = identity;
    }

    public String identity() {
        return identity;
    }

    /** The loop current now, A. */
    public double currentA() throws DutException {
        try {
            return client.readNumber(point) * toAmperes;
        } catch (LinkException e) {
            throw new DutException("meter " + identity + ": " + point + " not read: " + e.getMessage(), e);
        }
    }
}
