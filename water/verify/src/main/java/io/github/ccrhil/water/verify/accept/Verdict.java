package io.github.ccrhil.water.verify.accept;

import java.util.Map;

/**
 * The outcome of one acceptance check, with what it was judged on.
 *
 * @param id          check id (e.g. "FAILOVER_TIME")
 * @param requirement the requirement, in words
 * @param limitName   the named limit
 * @param limit       its value
 * @param unit        unit of limit and measured
 * @param provenance  where the limit comes from
 * @param measured    the worst measured value
 * @param passed      whether the requirement is met
 * @param detail      one paragraph on how it was measured and what was seen
 * @param data        the raw data the verdict was computed from (ordered)
 */
public record Verdict(String id, String requirement, String limitName, double limit, String unit, String provenance,
                      double measured, boolean passed, String detail, Map<String, Object> data) {
}
