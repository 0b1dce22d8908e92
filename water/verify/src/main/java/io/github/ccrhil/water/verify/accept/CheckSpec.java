package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.Limit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One planned check, as written in the plan before anything runs.
 *
 * @param id          check id, e.g. "FAILOVER_TIME"
 * @param requirement the requirement, in words
 * @param clause      where the requirement comes from
 * @param procedure   how the suite exercises it, in words
 * @param limits      the limits it is judged against, by key, each with its provenance (plan order)
 */
public record CheckSpec(String id, String requirement, String clause, String procedure, Map<String, Limit> limits) {

    public CheckSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(procedure, "procedure");
        limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    }

    /** The limit under {@code key}. */
    public Limit limit(String key) {
        Limit l = limits.get(key);
        if (l == null) {
            throw new IllegalArgumentException("check " + id + " has no limit '" + key + "' in the plan");
        }
        return l;
    }

    /** The id as a plan name, e.g. "failover-time". */
    public String planName() {
        return id.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
