package io.github.ccrhil.water.verify.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.ccrhil.water.scada.server.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The `water run` configuration file (JSON). Every field is optional; unknown fields are errors.
 *
 * @param timeScale    process hours per real hour (60: one real second is one process minute)
 * @param scanPeriodMs the server's scan period, 100..60000 ms
 * @param bind         address the PLCs and the API listen on
 * @param plcBasePort  first PLC port (PLC i on base + i), 0 for ephemeral ports
 * @param apiPort      HTTP API port, 0 for an ephemeral one
 * @param dataDir      folder of the embedded historian and the spool
 * @param historianUrl jdbc:postgresql://... for the PostgreSQL option, null for the embedded H2 default
 * @param users        API users with their bearer tokens (at least 16 characters); none: tokens are generated
 */
public record SiteConfig(Double timeScale, Integer scanPeriodMs, String bind, Integer plcBasePort, Integer apiPort,
                         String dataDir, String historianUrl, List<UserEntry> users) {

    /** One API user. */
    public record UserEntry(String name, Role role, String token) {
    }

    public SiteConfig {
        timeScale = timeScale == null ? 60.0 : timeScale;
        scanPeriodMs = scanPeriodMs == null ? 1000 : scanPeriodMs;
        bind = bind == null ? "127.0.0.1" : bind;
        plcBasePort = plcBasePort == null ? 15020 : plcBasePort;
        apiPort = apiPort == null ? 8080 : apiPort;
        dataDir = dataDir == null ? "water-data" : dataDir;
        users = users == null ? List.of() : List.copyOf(users);
        if (!(timeScale > 0 && timeScale <= 3600)) {
            throw new IllegalArgumentException("timeScale must be within (0, 3600], was " + timeScale);
        }
        if (scanPeriodMs < 100 || scanPeriodMs > 60_000) {
            throw new IllegalArgumentException("scanPeriodMs must be 100..60000, was " + scanPeriodMs);
        }
        if (plcBasePort != 0 && (plcBasePort < 1 || plcBasePort > 65_530)) {
            throw new IllegalArgumentException("plcBasePort must be 0 or 1..65530, was " + plcBasePort);
        }
        if (apiPort < 0 || apiPort > 65_535) {
            throw new IllegalArgumentException("apiPort must be 0..65535, was " + apiPort);
        }
        if (historianUrl != null && !historianUrl.startsWith("jdbc:postgresql:") && !historianUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("historianUrl must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        for (UserEntry u : users) {
            if (u == null || u.name() == null || u.role() == null || u.token() == null) {
                throw new IllegalArgumentException("each user needs name, role (VIEWER, OPERATOR, ENGINEER) and token");
            }
        }
    }

    public static SiteConfig defaults() {
        return new SiteConfig(null, null, null, null, null, null, null, null);
    }

    /** Reads and checks a config file; any problem is one clear IllegalArgumentException line. */
    public static SiteConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + file + ": cannot read (" + e.getMessage() + ")");
        }
        ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            SiteConfig c = m.readValue(text, SiteConfig.class);
            if (c == null) {
                throw new IllegalArgumentException("config " + file + ": empty");
            }
            return c;
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("config " + file + where + ": " + msg.lines().findFirst().orElse(msg));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException("config " + file + where + ": not valid JSON: " + e.getOriginalMessage());
        }
    }
}
