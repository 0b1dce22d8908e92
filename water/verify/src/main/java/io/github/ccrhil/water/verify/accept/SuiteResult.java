package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.ComponentIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced: plan, identity of the equipment under test, verdicts, raw traces
 * (name → CSV text) and the run log.
 */
public record SuiteResult(String suite, Instant started, Instant finished, Map<String, Object> options, List<CheckSpec> plan,
                          List<ComponentIdentity> identity, List<Verdict> verdicts, Map<String, String> traces,
                          List<String> log) {
    public boolean passed() {
        return !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::passed);
    }
}
