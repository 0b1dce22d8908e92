package io.github.ccrhil.ccr.emulator.profile;

import io.github.ccrhil.modbus.profile.ProfileDocs;
import io.github.ccrhil.modbus.profile.ProfileLoader;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The published register map document cannot drift from the profiles it describes. */
class RegisterMapReadmeTest {

    private static String section(String readme, String name) {
        String begin = "<!-- BEGIN GENERATED: " + name + " -->\n";
        int from = readme.indexOf(begin);
        int to = readme.indexOf("<!-- END GENERATED: " + name + " -->");
        assertTrue(from >= 0 && to > from, "README-register-map.md lacks the generated section " + name);
        return readme.substring(from + begin.length(), to);
    }

    @Test
    void theReadmeTablesAreTheShippedProfiles() {
        String readme = ProfileLoader.resourceText("/profiles/README-register-map.md");
        assertEquals(ProfileDocs.markdownTables(CcrProfiles.referenceCcr()), section(readme, "reference-ccr"));
        assertEquals(ProfileDocs.markdownTables(CcrProfiles.powerStage()), section(readme, "power-stage"));
    }
}
