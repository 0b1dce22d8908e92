package io.github.ccrhil.water.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.scada.api.ApiServer;
import io.github.ccrhil.water.scada.ha.SoloCoordination;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import io.github.ccrhil.water.scada.server.User;
import io.github.ccrhil.water.verify.site.SiteAlarms;
import io.github.ccrhil.water.verify.site.SiteWiring;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IEC 62443-4-2 CR 1.11 at the HMI's login form: the form of {@code water run}'s HMI counts failed
 * logins under the API's own limit (10 per address per minute), in the same count as the API's, so
 * that the form is no way around it. Browser-free: the form is posted as the page posts it.
 */
class HmiLoginLimitTest {
    static final String OPERATOR = "operator-token-000001";

    @TempDir
    Path dir;
    RunningPlant plant;
    SupervisoryServer server;
    ApiServer api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), 0);
        SupervisoryServer.Config cfg = new SupervisoryServer.Config("scada-a", SiteWiring.endpoints(plant), Duration.ofMillis(200),
                Duration.ofMillis(300), 3, SiteAlarms.defaults(), List.of(User.withToken("otto", Role.OPERATOR, OPERATOR)),
                dir.resolve("spool"), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(60), 50);
        server = new SupervisoryServer(cfg, JdbcHistorian.h2(dir.resolve("hist")), new SoloCoordination(), Clock.systemUTC()).start();
        // the API and the HMI as `water run` starts them
        api = new WaterMain.ApiOptions().start(new PrintWriter(new StringWriter()), server,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
        plant.close();
    }

    HttpResponse<String> formLogin(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url()).resolve("/hmi/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> apiMe(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url()).resolve("/api/me")).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tenFailedFormLoginsFromAnAddressRefuseItsNextLoginEvenWithTheRightTokenAtTheFormAndTheApi() throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = formLogin("guess-" + i + "-0000000000000");
            assertEquals(401, r.statusCode(), "guess " + i + ": " + r.body());
        }
        HttpResponse<String> form = formLogin(OPERATOR);
        assertEquals(429, form.statusCode(), form.body());
        long retryAfter = Long.parseLong(form.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(form.headers().firstValue("Set-Cookie").isEmpty(), "no session for an address over the limit");
        assertEquals(429, apiMe(OPERATOR).statusCode(), "the API refuses the address too: one limit");
        assertEquals(1, server.journal().ofType("LOGIN_THROTTLED").size(), "the limit reached is journaled once");
    }

    @Test
    void failedLoginsAtTheApiAndAtTheFormCountTogether() throws Exception {
        assertEquals(200, formLogin(OPERATOR).statusCode(), "the right token logs in");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, apiMe("guess-api-" + i + "-000000000").statusCode());
            assertEquals(401, formLogin("guess-form-" + i + "-00000000").statusCode());
        }
        assertEquals(429, formLogin(OPERATOR).statusCode(), "five failures at each make ten for the address");
    }
}
