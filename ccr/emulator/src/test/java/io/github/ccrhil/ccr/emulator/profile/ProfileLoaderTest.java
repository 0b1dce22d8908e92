package io.github.ccrhil.ccr.emulator.profile;

import io.github.ccrhil.modbus.profile.Access;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfileLoaderTest {

    private static Path resource(String name) throws Exception {
        return Path.of(ProfileLoaderTest.class.getResource("/link/" + name).toURI());
    }

    private static String error(String name) throws Exception {
        Path p = resource(name);
        return assertThrows(ProfileException.class, () -> ProfileLoader.load(p)).getMessage();
    }

    @Test
    void theReferenceProfileLoadsAndCoversTheRemoteInterface() {
        Profile p = CcrProfiles.referenceCcr();
        assertEquals("reference-ccr", p.profile());
        for (String name : new String[] {"command_step", "remote_mode", "reset", "output_current", "alarm_open_circuit",
            "switch_on_count", "event_kind", "event_select", "open_circuit_trip_delay"}) {
            assertTrue(p.point(name).isPresent(), name);
        }
        assertEquals(Access.READ_WRITE_PROTECTED, p.require("open_circuit_trip_delay").access());
        assertTrue(p.crossPointProblems().isEmpty());
    }

    @Test
    void printedYamlReadsBackToTheSameProfile() throws Exception {
        Profile p = CcrProfiles.referenceCcr();
        assertEquals(p, ProfileLoader.parse(ProfileLoader.toYaml(p), "printed.yaml"));
    }

    @Test
    void aBadTypeNamesFileLineAndField() throws Exception {
        String m = error("bad-type.yaml");
        assertTrue(m.startsWith("bad-type.yaml:12: points[1].type"), m);
        assertTrue(m.contains("u61"), m);
        assertFalse(m.contains("\n"), "one line");
    }

    @Test
    void overlappingPointsNameBothAndTheLineOfTheSecond() throws Exception {
        String m = error("overlap.yaml");
        assertTrue(m.startsWith("overlap.yaml:9: points[1].address"), m);
        assertTrue(m.contains("overlaps energy"), m);
    }

    @Test
    void aMisspelledFieldIsReportedNotIgnored() throws Exception {
        String m = error("unknown-field.yaml");
        assertTrue(m.startsWith("unknown-field.yaml:6: points[0].adress"), m);
    }

    @Test
    void aZeroScaleIsRefusedWithItsPoint() throws Exception {
        String m = error("bad-scale.yaml");
        assertTrue(m.matches("bad-scale\\.yaml:1[0-5]: points\\[1\\].*scale: must be finite and non-zero.*"), m);
    }
}
