package io.github.ccrhil.water.plant.plc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with mbpoll, the command-line Modbus client users run (Debian package mbpoll,
 * installed by src/setup/needs.d/40-water.sh). Fails if mbpoll is missing.
 */
class MbpollInteropIT {
    WaterSite site;
    PlcServer server;

    @BeforeEach
    void start() throws IOException {
        site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        server = PlcServer.startOnLoopback(site.plc(WaterSite.CHLORINATION));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Result(int code, String out) {
    }

    Result mbpoll(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mbpoll", "-m", "tcp", "-p", Integer.toString(server.port()),
                "-a", Integer.toString(server.plc().unitId()), "-0", "-1", "-o", "2"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mbpoll finished");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    int spAddress() {
        return site.plc(WaterSite.CHLORINATION).memory().profile().require(ChlorinationProgram.SP).address();
    }

    @Test
    void mbpollReadsTheChlorineSetpointAs500Counts() throws Exception {
        Result r = mbpoll("-t", "4", "-r", Integer.toString(spAddress()), "-c", "1", "127.0.0.1");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().matches("(?s).*\\[" + spAddress() + "\\]:\\s+500\\b.*"), r.out());
    }

    @Test
    void mbpollWritesASafeSetpointAndIsRefusedAnUnsafeOne() throws Exception {
        Result ok = mbpoll("-t", "4", "-r", Integer.toString(spAddress()), "127.0.0.1", "800");
        assertEquals(0, ok.code(), ok.out());
        assertEquals(0.8, site.plc(WaterSite.CHLORINATION).memory().get(ChlorinationProgram.SP), 1e-9);
        Result refused = mbpoll("-t", "4", "-r", Integer.toString(spAddress()), "127.0.0.1", "1500");
        assertNotEquals(0, refused.code(), refused.out());
        assertTrue(refused.out().toLowerCase().contains("illegal data value"), refused.out());
        assertEquals(0.8, site.plc(WaterSite.CHLORINATION).memory().get(ChlorinationProgram.SP), 1e-9);
    }
}
