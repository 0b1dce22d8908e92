package io.github.ccrhil.modbus.profile;

import java.util.Locale;
import java.util.Map;

/** A profile as a Markdown register table, one section per Modbus table. */
public final class ProfileDocs {

    private ProfileDocs() {
    }

    public static String markdownTables(Profile profile) {
        StringBuilder sb = new StringBuilder();
        for (Table t : Table.values()) {
            var points = profile.table(t);
            if (points.isEmpty()) {
                continue;
            }
            sb.append("### ").append(title(t)).append("\n\n");
            sb.append("| address | name | type | scale | unit | access | range / values | description |\n");
            sb.append("|---:|---|---|---:|---|---|---|---|\n");
            for (Point p : points.values()) {
                String address = p.size() > 1 ? p.address() + "–" + p.lastAddress() : String.valueOf(p.address());
                String type = p.type() == PointType.STRING ? "string[" + p.length() + "]" : p.type().yamlName();
                String scale = p.scale() == null ? "" : String.format(Locale.ROOT, "%s", trim(p.scale()));
                String range = "";
                if (p.values() != null) {
                    StringBuilder v = new StringBuilder();
                    for (Map.Entry<Integer, String> e : p.values().entrySet()) {
                        if (v.length() > 0) {
                            v.append(", ");
                        }
                        v.append(e.getKey()).append(" ").append(e.getValue());
                    }
                    range = v.toString();
                } else if (p.min() != null || p.max() != null) {
                    range = (p.min() == null ? "" : trim(p.min())) + " … " + (p.max() == null ? "" : trim(p.max()));
                }
                sb.append("| ").append(address).append(" | `").append(p.name()).append("` | ").append(type).append(" | ")
                        .append(scale).append(" | ").append(p.unit()).append(" | ").append(p.access().yamlName()).append(" | ")
                        .append(range).append(" | ").append(p.description().replace("|", "\\|")).append(" |\n");
            }
            sb.append("\n");
        }
        return sb.toString();
    }

    private static String title(Table t) {
        return switch (t) {
            case COIL -> "Coils (FC 01 read, FC 05/15 write)";
            case DISCRETE_INPUT -> "Discrete inputs (FC 02)";
            case INPUT_REGISTER -> "Input registers (FC 04)";
            case HOLDING_REGISTER -> "Holding registers (FC 03 read, FC 06/16/23 write)";
        };
    }

    private static String trim(double d) {
        if (d == StrictMath.rint(d) && StrictMath.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return String.valueOf(d);
    }
}
