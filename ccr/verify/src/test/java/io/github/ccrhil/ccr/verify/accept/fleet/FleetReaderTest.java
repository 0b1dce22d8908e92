package io.github.ccrhil.ccr.verify.accept.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrFleet;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fleet.yaml is data: what it declares reads back, and a bad file gets one line naming file, line and field. */
class FleetReaderTest {

    static final String GOOD = """
            fleet: north-airfield
            gateways:
              - { address: "tcp:10.1.0.10:502", concurrent: 4 }
            ccrs:
              - name: rwy09-cl
                vault: vault-1
                address: "tcp:10.1.0.10:502"
                unit: 3
                rating: { kva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01 }
                loop: { length: 4200, lamps: 96, led: 40% }
                identity:
                  - { component: current-control software, model: ccr-hil current-control software, revision: 0.1.0, sha256: reference-build }
              - name: twy-a
                vault: vault-2
                address: "rtu:/dev/ttyUSB0"
                node: 5
                profile: reference-ccr
                rating: { kva: 30, steps: 20A-5step, tolerances: MIL-HDBK-1023/4, mainsVoltage: 480, mainsHz: 60 }
                loop: { length: 6000, lamps: 40, led: 0.5 }
                identity:
                  - { component: current-control software, model: m, revision: r, sha256: HASH }
            """.replace("HASH", "ab".repeat(32));

    @Test
    void aFleetFileDeclaresEachCcrsAddressRatingLoopAndIdentity() throws ConfigException {
        Fleet f = FleetReader.read("fleet.yaml", GOOD);
        assertEquals("north-airfield", f.name());
        assertFalse(f.emulated());
        assertEquals(2, f.ccrs().size());
        Fleet.Ccr cl = f.ccr("rwy09-cl");
        assertEquals(new Fleet.Tcp("10.1.0.10", 502, 3), cl.address());
        assertEquals(4, f.gateway("tcp:10.1.0.10:502").concurrent());
        assertEquals(0.4, cl.loop().led(), 1e-12);
        assertEquals(96, cl.loop().lamps());
        Fleet.Ccr twy = f.ccr("twy-a");
        assertEquals(new Fleet.Rtu("/dev/ttyUSB0", 5), twy.address());
        assertEquals("rtu:/dev/ttyUSB0", twy.address().medium());
        assertEquals(60, twy.rating().mainsHz(), 0);
        assertEquals("ab".repeat(32), twy.identity().get(0).sha256());
        assertEquals(List.of("tcp:10.1.0.10:502", "rtu:/dev/ttyUSB0"), List.copyOf(f.byMedium().keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a misspelt field        | 'profile: reference-ccr'   | 'profil: reference-ccr' | fleet.yaml:17: ccrs[1].profil: unknown field",
            "an address of no kind   | '\"tcp:10.1.0.10:502\"\n' | '\"udp:10.1.0.10\"\n' | fleet.yaml:7: ccrs[0].address: expected tcp:<host:port> (with unit:) or rtu:<tty> (with node:)",
            "a unit id out of range  | 'unit: 3'                 | 'unit: 300'         | fleet.yaml:8: ccrs[0].unit: ",
            "a step table unknown    | 'steps: 6.6A-5step'       | 'steps: 6.6A-7step' | fleet.yaml:9: ccrs[0].rating.steps: ",
            "a LED share above 100 % | 'led: 40%'                | 'led: 140%'         | fleet.yaml:10: ccrs[0].loop.led: must be within 0%..100%",
            "a hash that is no hash  | 'sha256: reference-build' | 'sha256: 1234'      | fleet.yaml:12: ccrs[0].identity[0].sha256: expected 64 lowercase hex digits",
            "a CCR named twice       | 'name: twy-a'             | 'name: rwy09-cl'    | fleet.yaml:13: ccrs[1].name: CCR 'rwy09-cl' is listed twice",
    })
    void aBadFleetFileGetsOneLineNamingFileLineAndField(String what, String from, String to, String expected) {
        String text = GOOD.replaceFirst(java.util.regex.Pattern.quote(from.replace("\\n", "\n")),
                java.util.regex.Matcher.quoteReplacement(to.replace("\\n", "\n")));
        assertFalse(text.equals(GOOD), what + ": the edit applies");
        ConfigException e = assertThrows(ConfigException.class, () -> FleetReader.read("fleet.yaml", text), what);
        assertTrue(e.getMessage().startsWith(expected), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void twoCcrsAtOneUnitOfAGatewayAreRefused() {
        String text = GOOD.replace("address: \"rtu:/dev/ttyUSB0\"\n    node: 5", "address: \"tcp:10.1.0.10:502\"\n    unit: 3");
        ConfigException e = assertThrows(ConfigException.class, () -> FleetReader.read("fleet.yaml", text));
        assertEquals("fleet.yaml:15: ccrs[1].address: tcp:10.1.0.10:502 unit 3 is already CCR 'rwy09-cl'", e.getMessage());
    }

    @Test
    void theEmulatedFleetFileReadsAndPlacesItsCcrsOnFourGatewaysAndOneBusOfEight() throws ConfigException {
        Fleet f = FleetReader.read("fleet.yaml", EmulatedCcrFleet.of(120, Duration.ofSeconds(2)).fleetYaml());
        assertTrue(f.emulated());
        assertEquals(120, f.ccrs().size());
        assertEquals(5, f.byMedium().size());
        assertEquals(8, f.byMedium().get("rtu:" + EmulatedCcrFleet.BUS_TTY).size());
        assertEquals(6, f.ccrs().stream().map(c -> c.rating().steps() + c.rating().kva()).distinct().count(), "varied ratings");
        assertTrue(f.ccrs().stream().map(c -> c.loop().lengthM()).distinct().count() > 10, "varied loops");
    }
}
