package io.github.ccrhil.ccr.verify.accept.plan;

import io.github.ccrhil.evidence.Limit;
import java.util.Map;
import java.util.Objects;

/**
 * One test of a plan.
 *
 * @param id unique, file-name-safe identifier
 * @param procedure what is done and judged
 * @param requirement the requirement in words
 * @param clause the clause of the governing document (or "default: …")
 * @param limits the limits by key (see {@link Procedure#limitSpecs()}), each named with provenance
 * @param conditions operating points and steps
 * @param params procedure parameters (String, Double, Duration, or a List of them), by name
 */
public record TestSpec(String id, Procedure procedure, String requirement, String clause, Map<String, Limit> limits,
                       Conditions conditions, Map<String, Object> params) {

    public TestSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(procedure, "procedure");
        limits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(limits));
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    public Limit limit(String key) {
        Limit l = limits.get(key);
        if (l == null) {
            throw new IllegalStateException("test " + id + " has no limit " + key);
        }
        return l;
    }

    /** The limit {@code key}, where the plan gives it (an optional limit). */
    public java.util.Optional<Limit> optionalLimit(String key) {
        return java.util.Optional.ofNullable(limits.get(key));
    }

    public java.time.Duration duration(String key, java.time.Duration orElse) {
        Object o = params.get(key);
        return o instanceof java.time.Duration d ? d : orElse;
    }

    @SuppressWarnings("unchecked")
    public <T> T param(String key, T orElse) {
        Object o = params.get(key);
        return o == null ? orElse : (T) o;
    }
}
