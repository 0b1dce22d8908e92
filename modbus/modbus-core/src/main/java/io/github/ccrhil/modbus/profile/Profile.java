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
 */
@JsonPropertyOrder({"profile", "format", "vendor", "product", "unit-id", "word-order", "description", "points"})
public record Profile(
        String profile,
        int format,
        String vendor,
        String product,
        int unitId,
        String wordOrder,
        String description,
        List<Point> points) {

    @JsonCreator
    public Profile(
            @JsonProperty(value = "profile", required = true) String profile,
            @JsonProperty(value = "format", required = true) int format,
            @JsonProperty("vendor") String vendor,
            @JsonProperty("product") String product,
            @JsonProperty("unit-id") Integer unitId,
            @JsonProperty("word-order") String wordOrder,
            @JsonProperty("description") String description,
            @JsonProperty(value = "points", required = true) List<Point> points) {
        this(profile, format, vendor, product, unitId == null ? 1 : (int) unitId, wordOrder, description, points);
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

    @JsonProperty("word-order")
    public String wordOrder() {
        return wordOrder;
    }

    /** High word first for 32-bit values. */
    @JsonIgnore
    public boolean bigEndianWords() {
        return wordOrder.equals("big");
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
