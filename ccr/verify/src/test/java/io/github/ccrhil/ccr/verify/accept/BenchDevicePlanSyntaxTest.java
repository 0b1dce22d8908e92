package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.evidence.yaml.ConfigException;
import org.junit.jupiter.api.Test;

/** The rig and measurement lines of a plan: the old one-word form and the mapping that names a Modbus device. */
class BenchDevicePlanSyntaxTest {

    private static String plan(String rig, String measurement) {
        return PlanReader.defaultPlanText()
                .replace("rig: emulated-plant", "rig: " + rig)
                .replace("measurement: plant-trace", "measurement: " + measurement);
    }

    @Test
    void theOneWordFormStillReadsWithoutBenchDevices() throws Exception {
        TestPlan p = PlanReader.read("p.yaml", plan("operator-prompt", "dut-self-report"));
        assertEquals(TestPlan.Rig.OPERATOR_PROMPT, p.rig());
        assertNull(p.rigDevice());
        assertNull(p.meterDevice());
    }

    @Test
    void aRelayModuleAndAMeterAreNamedByAddressProfileAndUnit() throws Exception {
        TestPlan p = PlanReader.read("p.yaml", plan(
                "{ kind: relay-module, address: 'tcp:127.0.0.1:5030', profile: relays.yaml, unit: 3 }",
                "{ kind: external-meter, address: 'rtu:/dev/ttyUSB1', profile: meter.yaml }"));
        assertEquals(TestPlan.Rig.RELAY_MODULE, p.rig());
        assertEquals(new TestPlan.Device("tcp:127.0.0.1:5030", "relays.yaml", 3, null), p.rigDevice());
        assertEquals(TestPlan.Measurement.EXTERNAL_METER, p.measurement());
        assertEquals(new TestPlan.Device("rtu:/dev/ttyUSB1", "meter.yaml", -1, "loop_current_rms"), p.meterDevice());
    }

    @Test
    void aRelayModuleWithoutAnAddressIsAOneLineError() {
        ConfigException e = assertThrows(ConfigException.class, () -> PlanReader.read("p.yaml",
                plan("{ kind: relay-module, profile: relays.yaml }", "plant-trace")));
        assertTrue(e.getMessage().contains("address"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aMisspeltDeviceKeyIsAnError() {
        assertThrows(ConfigException.class, () -> PlanReader.read("p.yaml",
                plan("{ kind: relay-module, address: 'tcp:127.0.0.1:5030', profil: relays.yaml }", "plant-trace")));
    }
}
