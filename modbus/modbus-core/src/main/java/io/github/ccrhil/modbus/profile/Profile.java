package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A device's register map as data: what a user writes to describe a vendor's CCR, and what the
 * project ships for its reference CCR. Load with {@link ProfileLoader}.
 *
 * @param profile profile name
 * @param format format version, 1
 * @param vendor device vendor
 * @param product device product/model
 * @param unitId default Modbus unit id, 1..247
 * @param wordOrder word order of 32-bit values: {@code big} (high word first) or {@code little}
 * @param description free text
 * @param points the points, in file order
 * @param roles Modbus/TCP Security: what each client role (from its certificate) may do, by
 *     function code and by point or address block; the key {@value #NO_ROLE} is a client whose
 *     certificate has no role. Empty: the server's default policy. E.g.
 *     <pre>
 * roles:
 *   operator: { functions: [1, 2, 3, 4, 43], addresses: [all] }
 *   engineer: { functions: [1, 2, 3, 4, 5, 6, 15, 16, 23, 43], addresses: [all] }
 *   maintenance: { functions: [3, 6], addresses: [command_step, 100-119] }</pre>
 */
@JsonPropertyOrder({"profile", "format", "vendor", "product", "unit-id", "word-order", "description", "roles", "points"})
public record Profile(
        String profile,
        int format,
        String vendor,
        String product,
        int unitId,
        String wordOrder,
        String description,
        List<Point> points,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        Map<String, RoleRights> roles) {

    /** The roles key of a client whose certificate carries no role. */
    public static final String NO_ROLE = "no-role";

    /**
     * What one role may do.
     *
     * @param functions function codes, 1..127
     * @param addresses {@code all}, an address {@code N}, a block {@code N-M}, or a point's name (its registers or bits)
     */
    public record RoleRights(List<Integer> functions, List<String> addresses) {
        @JsonCreator
        public RoleRights(@JsonProperty(value = "functions", required = true) List<Integer> functions,
                          @JsonProperty(value = "addresses", required = true) List<String> addresses) {
            this.functions = List.copyOf(functions);
            this.addresses = List.copyOf(addresses);
        }
    }

    /** A profile without roles. */
    public Profile(String profile, int format, String vendor, String product, int unitId, String wordOrder, String description,
                   List<Point> points) {
        this(profile, format, vendor, product, unitId, wordOrder, description, points, Map.of());
    }

    @JsonCreator
    public Profile(
            @JsonProperty(value = "profile", required = true) String profile,
            @JsonProperty(value = "format", required = true) int format,
            @JsonProperty("vendor") String vendor,
            @JsonProperty("product") String product,
            @JsonProperty("unit-id") Integer unitId,
            @JsonProperty("word-order") String wordOrder,
            @JsonProperty("description") String description,
            @JsonProperty(value = "points", required = true) List<Point> points,
            @JsonProperty("roles") Map<String, RoleRights> roles) {
        this(profile, format, vendor, product, unitId == null ? 1 : (int) unitId, wordOrder, description, points,
                roles == null ? Map.of() : roles);
    }

    public Profile {
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("profile: name is empty");
        }
        vendor = vendor == null ? "" : vendor;
        product = product == null ? "" : product;
        wordOrder = wordOrder == null ? "big" : wordOrder;
        description = description == null ? "" : description;
        points = List.copyOf(points);
        roles = roles == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        if (format != 1) {
            throw new IllegalArgumentException("format: only format 1 is known, was " + format);
        }
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit-id: " + unitId + " outside 1..247");
        }
        if (!wordOrder.equals("big") && !wordOrder.equals("little")) {
            throw new IllegalArgumentException("word-order: must be big or little, was '" + wordOrder + "'");
        }
    }

    @JsonProperty("unit-id")
    public int unitId() {
        return unitId;
    }

    /** The same profile for a device at another unit id (a node on a bus, a unit behind a gateway). */
    public Profile withUnitId(int unit) {
        return new Profile(profile, format, vendor, product, unit, wordOrder, description, points, roles);
    }

    @JsonProperty("word-order")
    public String wordOrder() {
        return wordOrder;
    }

    /** High word first for 32-bit values. */
    @JsonIgnore
    public boolean bigEndianWords() {
        return wordOrder.equals("big");
    }

    /**
     * The Modbus/TCP Security policy the profile declares ({@code roles:}); empty when it declares
     * none. A role not listed gets nothing; {@value #NO_ROLE}, when not listed, gets nothing.
     *
     * @throws IllegalArgumentException naming the role and the entry that is wrong
     */
    public Optional<io.github.ccrhil.modbus.server.RolePolicy> rolePolicy() {
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        Map<String, io.github.ccrhil.modbus.server.RolePolicy.Rights> rights = new LinkedHashMap<>();
        io.github.ccrhil.modbus.server.RolePolicy.Rights noRole = io.github.ccrhil.modbus.server.RolePolicy.Rights.none();
        for (Map.Entry<String, RoleRights> e : roles.entrySet()) {
            io.github.ccrhil.modbus.server.RolePolicy.Rights r = rights(e.getKey(), e.getValue());
            if (e.getKey().equals(NO_ROLE)) {
                noRole = r;
            } else {
                rights.put(e.getKey(), r);
            }
        }
        return Optional.of(new io.github.ccrhil.modbus.server.RolePolicy(rights, noRole));
    }

    private io.github.ccrhil.modbus.server.RolePolicy.Rights rights(String role, RoleRights r) {
        if (r == null) {
            throw new IllegalArgumentException("roles." + role + ": expected { functions: [...], addresses: [...] }");
        }
        java.util.Set<Integer> functions = new java.util.TreeSet<>();
        for (Integer f : r.functions()) {
            if (f == null || f < 1 || f > 127) {
                throw new IllegalArgumentException("roles." + role + ".functions: " + f + " is not a function code 1..127");
            }
            functions.add(f);
        }
        List<io.github.ccrhil.modbus.server.RolePolicy.AddressBlock> blocks = new ArrayList<>();
        for (String a : r.addresses()) {
            String t = a == null ? "" : a.trim();
            try {
                if (t.equals("all")) {
                    blocks.add(io.github.ccrhil.modbus.server.RolePolicy.AddressBlock.ALL);
                } else if (t.matches("\\d+")) {
                    int n = Integer.parseInt(t);
                    blocks.add(new io.github.ccrhil.modbus.server.RolePolicy.AddressBlock(n, n));
                } else if (t.matches("\\d+-\\d+")) {
                    String[] ends = t.split("-");
                    blocks.add(new io.github.ccrhil.modbus.server.RolePolicy.AddressBlock(Integer.parseInt(ends[0]),
                            Integer.parseInt(ends[1])));
                } else {
                    Point p = point(t).orElseThrow(() -> new IllegalArgumentException("no point named '" + t + "'"));
                    blocks.add(new io.github.ccrhil.modbus.server.RolePolicy.AddressBlock(p.address(), Math.min(0xFFFF, p.lastAddress())));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("roles." + role + ".addresses: '" + t + "': " + e.getMessage()
                        + " (expected all, N, N-M or a point's name)", e);
            }
        }
        return new io.github.ccrhil.modbus.server.RolePolicy.Rights(functions, blocks);
    }

    public Optional<Point> point(String name) {
        for (Point p : points) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The point, or an IllegalArgumentException naming the profile and the unknown name. */
    public Point require(String name) {
        return point(name).orElseThrow(() -> new IllegalArgumentException(
                "profile " + profile + " has no point '" + name + "'"));
    }

    /** Points of one table by first address. */
    public NavigableMap<Integer, Point> table(Table table) {
        TreeMap<Integer, Point> out = new TreeMap<>();
        for (Point p : points) {
            if (p.table() == table) {
                out.put(p.address(), p);
            }
        }
        return Collections.unmodifiableNavigableMap(out);
    }

    /**
     * Problems that involve more than one point (duplicate names, overlapping addresses), keyed
     * by the index of the later point; empty when the profile is consistent.
     */
    public Map<Integer, String> crossPointProblems() {
        Map<Integer, String> problems = new LinkedHashMap<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        List<Point> seen = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            Integer previous = names.putIfAbsent(p.name(), i);
            if (previous != null) {
                problems.put(i, "name: '" + p.name() + "' already used by points[" + previous + "]");
                continue;
            }
            if (p.lastAddress() > 0xFFFF) {
                problems.put(i, "address: " + p.name() + " runs past 65535");
                continue;
            }
            for (Point q : seen) {
                if (q.table() == p.table() && p.address() <= q.lastAddress() && q.address() <= p.lastAddress()) {
                    problems.put(i, "address: " + p.name() + " (" + p.table().yamlName() + " " + p.address() + ".."
                            + p.lastAddress() + ") overlaps " + q.name() + " (" + q.address() + ".." + q.lastAddress() + ")");
                    break;
                }
            }
            seen.add(p);
        }
        return problems;
    }
}
