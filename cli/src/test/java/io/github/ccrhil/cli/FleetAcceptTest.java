package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accept --fleet} on bad input: one line, exit code 2, nothing run. */
class FleetAcceptTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aBadFleetFileGetsOneLineNamingFileLineAndField() throws Exception {
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, "fleet: f\nccrs:\n  - name: a\n    vault: v\n    address: \"tcp:gw:502\"\n    unit: 0\n");
        Result r = cli("accept", "--fleet", f.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("ccr-hil: " + f + ":6: ccrs[0].unit: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(Files.notExists(dir.resolve("b")), "nothing written");
    }

    @Test
    void aFleetOfRealCcrsWithAPlanForTheEmulatedPlantIsReadThenRefusedWithItsReason() throws Exception {
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, """
                fleet: real
                ccrs:
                  - name: a
                    vault: v
                    address: "tcp:10.0.0.1:502"
                    unit: 1
                    rating: { kva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01 }
                    loop: { length: 3000, lamps: 60, led: 0% }
                    identity:
                      - { component: current-control software, model: m, revision: r, sha256: reference-build }
                """);
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, io.github.ccrhil.ccr.verify.accept.fleet.FleetPlans.defaultPlanText());
        Result r = cli("accept", "--fleet", f.toString(), "--plan", plan.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("real CCRs need a plan with rig: operator-prompt and measurement: dut-self-report"), r.err());
        assertTrue(r.err().contains("the plan says rig: emulated-plant, measurement: plant-trace"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(Files.notExists(dir.resolve("b")), "nothing written");
    }

    @Test
    void emulatedTakesANumberOfCcrs() {
        Result r = cli("accept", "--fleet", "emulated:many");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Result few = cli("accept", "--fleet", "emulated:2");
        assertEquals(2, few.exit(), few.err());
        assertTrue(few.err().contains("6..240"), few.err());
    }

    @Test
    void aSingleCcrsOptionsAreRefusedWithAFleet() {
        Result r = cli("accept", "--fleet", "emulated:9", "--dut", "tcp:127.0.0.1:502");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("each CCR's address comes from the fleet file"), r.err());
    }
}
