package io.github.ccrhil.water.scada.historian;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL option, tested for real. The URL comes from WATER_PG_URL, else the default that
 * src/setup/needs.d/40-water.sh prepares. If PostgreSQL is absent this test FAILS (it never skips):
 * run {@code bash src/setup/install-test-deps.sh} first.
 */
class PostgresHistorianIT extends HistorianContract {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/ccrhil_water?user=ccrhil&password=ccrhil";
    private final String prefix = "PG" + Long.toHexString(System.nanoTime());

    static String url() {
        String env = System.getenv("WATER_PG_URL");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String fromBuild = System.getenv("WATER_PG_URL_DEFAULT");
        return fromBuild != null && !fromBuild.isBlank() ? fromBuild : DEFAULT_URL;
    }

    @Override
    Historian historian() throws Exception {
        return JdbcHistorian.open(url(), null, null);
    }

    @Override
    String prefix() {
        return prefix;
    }

    @Test
    void theHistorianIsARealPostgreSqlServer() throws Exception {
        try (Historian h = historian()) {
            assertTrue(h.describe().startsWith("PostgreSQL"), h.describe());
        }
    }
}
