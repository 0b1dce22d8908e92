package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.Procedure;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Test plans are data; a malformed plan is one line naming file, line and field. */
class PlanReaderTest {

    @Test
    void theDefaultPlanCoversEveryProcedureWithEveryLimitNamedAndSourced() {
        TestPlan plan = PlanReader.defaultPlan();
        Set<Procedure> covered = EnumSet.noneOf(Procedure.class);
        for (TestSpec t : plan.tests()) {
            covered.add(t.procedure());
            assertFalse(t.requirement().isBlank(), t.id());
            assertFalse(t.clause().isBlank(), t.id());
            for (String spec : t.procedure().limitSpecs()) {
                Limit l = t.limit(spec.substring(0, spec.indexOf(':')));
                assertEquals(spec.substring(spec.indexOf(':') + 1).replace("?", ""), l.unit(), t.id() + " " + l.name());
                assertFalse(l.provenance().source().isBlank(), t.id() + " " + l.name());
            }
        }
        assertEquals(EnumSet.allOf(Procedure.class), covered);
        Limit overshoot = plan.tests().stream().filter(t -> t.id().equals("step-change")).findFirst().orElseThrow().limit("overshoot");
        assertEquals(6.7, overshoot.value());
        assertFalse(overshoot.provenance().isDefault(), "6.7 A comes from IEC 61822 §5.3.9");
        Limit settling = plan.tests().stream().filter(t -> t.id().equals("step-change")).findFirst().orElseThrow().limit("settling");
        assertTrue(settling.provenance().isDefault(), "the 1 s settling is a default and must say so");
        Limit trip = plan.tests().stream().filter(t -> t.id().equals("open-circuit")).findFirst().orElseThrow().limit("trip-time");
        assertEquals(3.0, trip.value());
        assertEquals("UFC 3-535-01 §14-7.1", trip.provenance().source());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field|seed: 20261125|seeed: 20261125|plan.yaml:7: seeed: unknown field",
        "bad unit|value: 6.7, unit: A, source|value: 6.7, unit: mA, source|plan.yaml:54: tests[2].limits.overshoot.unit: this limit is in A, was 'mA'",
        "no provenance|value: 3.0, unit: s, source: \"UFC 3-535-01 §14-7.1\"|value: 3.0, unit: s|plan.yaml:",
        "unknown procedure|procedure: open-circuit|procedure: open-circuits|plan.yaml:",
        "bad DUT address|address: emulated|address: serial0|plan.yaml:8: dut.address: expected emulated, rtu:<tty> or tcp:<host:port>, was 'serial0'",
        "fraction out of range|load: [0%, 30%, 100%]|load: [0%, 30%, 130%]|plan.yaml:"})
    void aMalformedPlanIsOneLineNamingFileLineAndField(String what, String from, String to, String expectedStart) {
        String text = PlanReader.defaultPlanText();
        assertTrue(text.contains(from), what + ": fixture text not found");
        String broken = text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        ConfigException e = assertThrows(ConfigException.class, () -> PlanReader.read("plan.yaml", broken));
        assertTrue(e.getMessage().startsWith(expectedStart), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.line() > 0, what + ": names a line: " + e.getMessage());
        assertFalse(e.field().isEmpty() && !what.equals("not yaml"), what + ": names a field: " + e.getMessage());
    }

    @Test
    void notYamlAtAllNamesTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlanReader.read("p.yaml", "plan: x\ntests: [\n  - {id: a"));
        assertTrue(e.getMessage().startsWith("p.yaml:"), e.getMessage());
        assertTrue(e.line() > 0);
    }

    @Test
    void aMissingLimitIsNamedWithTheProcedureThatNeedsIt() {
        String broken = PlanReader.defaultPlanText().replaceFirst(
                "      trip-time: \\{ name: open-circuit trip time, value: 3.0, unit: s, source: \"UFC 3-535-01 §14-7.1\" }\n",
                "      trip-tme: { name: open-circuit trip time, value: 3.0, unit: s, source: \"UFC 3-535-01 §14-7.1\" }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> PlanReader.read("plan.yaml", broken));
        assertTrue(e.getMessage().contains("tests[") && e.getMessage().contains("limits: missing limit 'trip-time' (s) for procedure open-circuit"),
                e.getMessage());
    }

    @Test
    void theDefaultPlanRunsStepAccuracyAndStepChangeOnAnAllLedLoopAtFullLoadAndOnAMixedLoopWithFailedLamps() {
        TestPlan plan = PlanReader.defaultPlan();
        for (String id : List.of("step-accuracy", "step-change")) {
            List<String> labels = plan.tests().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow()
                    .conditions().points().stream().map(p -> p.label()).toList();
            assertTrue(labels.contains("load100-in+00-fail00-led100"), id + " " + labels);
            assertTrue(labels.contains("load070-in+00-fail30-led060"), id + " " + labels);
        }
    }

    @Test
    void aConditionsBlockSetsTheLedShareAndOutOfRangeIsNamed() throws ConfigException {
        String text = PlanReader.defaultPlanText().replace("conditions: { steps: [4], load: [80%] }\n    params: { earthFaultMohm",
                "conditions: { steps: [4], load: [80%], led: [0%, 100%] }\n    params: { earthFaultMohm");
        TestPlan plan = PlanReader.read("plan.yaml", text);
        var points = plan.tests().stream().filter(t -> t.id().equals("earth-fault")).findFirst().orElseThrow()
                .conditions().points();
        assertEquals(List.of(0.0, 1.0), points.stream().map(p -> p.ledOr(0.5)).toList());
        assertEquals(0.5, plan.tests().get(0).conditions().points().get(0).ledOr(0.5), "no led: the equipment's loop");
        ConfigException e = assertThrows(ConfigException.class, () -> PlanReader.read("plan.yaml",
                text.replace("led: [0%, 100%]", "led: [120%]")));
        assertTrue(e.getMessage().startsWith("plan.yaml:"), e.getMessage());
    }
}
