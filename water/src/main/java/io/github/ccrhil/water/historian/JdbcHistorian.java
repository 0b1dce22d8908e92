package io.github.ccrhil.water.historian;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The historian in a real SQL database: H2 (embedded default, a file next to the server) or
 * PostgreSQL (larger sites). Time is stored as nanoseconds since the epoch (BIGINT), so every
 * sample keeps its exact scan time; (tag, t) is the primary key. Thread-safe (one connection,
 * one lock).
 */
public final class JdbcHistorian implements Historian {
    private enum Dialect { H2, POSTGRESQL }

    private final Connection connection;
    private final Dialect dialect;
    private final String url;

    private JdbcHistorian(Connection c, Dialect d, String url) {
        this.connection = c;
        this.dialect = d;
        this.url = url;
    }

    /** An embedded H2 historian in {@code file} (without the .mv.db suffix). */
    public static JdbcHistorian h2(java.nio.file.Path file) throws HistorianException {
        return open("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", null, null);
    }

    /** Opens (and creates the schema of) a historian at a JDBC URL: jdbc:h2:... or jdbc:postgresql:... */
    public static JdbcHistorian open(String url, String user, String password) throws HistorianException {
        Dialect d;
        if (url == null) {
            throw new IllegalArgumentException("historian JDBC URL is required");
        } else if (url.startsWith("jdbc:h2:")) {
            d = Dialect.H2;
        } else if (url.startsWith("jdbc:postgresql:")) {
            d = Dialect.POSTGRESQL;
        } else {
            throw new IllegalArgumentException("historian URL must start with jdbc:h2: or jdbc:postgresql:, was " + url);
        }
        try {
            Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
            JdbcHistorian h = new JdbcHistorian(c, d, url);
            h.createSchema();
            return h;
        } catch (SQLException e) {
            throw new HistorianException("cannot open historian at " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS water_samples (tag VARCHAR(200) NOT NULL, t BIGINT NOT NULL,"
                    + " v DOUBLE PRECISION, q SMALLINT NOT NULL, PRIMARY KEY (tag, t))");
            s.execute("CREATE TABLE IF NOT EXISTS water_events (server VARCHAR(100) NOT NULL, seq BIGINT NOT NULL,"
                    + " t BIGINT NOT NULL, type VARCHAR(40) NOT NULL, source VARCHAR(200) NOT NULL, usr VARCHAR(100) NOT NULL,"
                    + " detail VARCHAR(2000) NOT NULL, PRIMARY KEY (server, seq))");
        }
        connection.setAutoCommit(false);
        connection.commit();
    }

    /** The JDBC connection URL (password redacted). */
    public String url() {
        return redact(url);
    }

    private String insertSampleSql() {
        return dialect == Dialect.H2
                ? "MERGE INTO water_samples (tag, t, v, q) KEY (tag, t) VALUES (?, ?, ?, ?)"
                : "INSERT INTO water_samples (tag, t, v, q) VALUES (?, ?, ?, ?) ON CONFLICT (tag, t) DO NOTHING";
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public synchronized void insert(List<Sample> batch) throws HistorianException {
        if (batch.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(insertSampleSql())) {
            for (Sample s : batch) {
                ps.setString(1, s.tag());
                ps.setLong(2, nanos(s.time()));
                if (Double.isNaN(s.value())) {
                    ps.setNull(3, java.sql.Types.DOUBLE);
                } else {
                    ps.setDouble(3, s.value());
                }
                ps.setShort(4, (short) s.quality().ordinal());
                ps.addBatch();
            }
            ps.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian insert of " + batch.size() + " samples failed: " + e.getMessage(), e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection may be gone; the caller keeps the batch
        }
    }

    @Override
    public synchronized List<Sample> query(String tag, Instant from, Instant to) throws HistorianException {
        if (tag == null || from == null || to == null) {
            throw new IllegalArgumentException("query needs a tag, a from and a to");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("query range ends (" + to + ") before it starts (" + from + ")");
        }
        List<Sample> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT t, v, q FROM water_samples WHERE tag = ? AND t >= ? AND t < ? ORDER BY t")) {
            ps.setString(1, tag);
            ps.setLong(2, nanos(from));
            ps.setLong(3, nanos(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(2);
                    if (rs.wasNull()) {
                        v = Double.NaN;
                    }
                    out.add(new Sample(tag, instant(rs.getLong(1)), v, Quality.values()[rs.getShort(3)]));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian query of " + tag + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long count(String tag) throws HistorianException {
        return scalar("SELECT COUNT(*) FROM water_samples WHERE tag = ?", tag);
    }

    @Override
    public synchronized long count() throws HistorianException {
        return scalar("SELECT COUNT(*) FROM water_samples", null);
    }

    @Override
    public synchronized Optional<Instant> latest() throws HistorianException {
        long max = scalar("SELECT COALESCE(MAX(t), -9223372036854775808) FROM water_samples", null);
        return max == Long.MIN_VALUE ? Optional.empty() : Optional.of(instant(max));
    }

    private long scalar(String sql, String arg) throws HistorianException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                connection.commit();
                return v;
            }
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void appendEvent(String server, JournalEvent e) throws HistorianException {
        String sql = dialect == Dialect.H2
                ? "MERGE INTO water_events (server, seq, t, type, source, usr, detail) KEY (server, seq) VALUES (?, ?, ?, ?, ?, ?, ?)"
                : "INSERT INTO water_events (server, seq, t, type, source, usr, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (server, seq) DO NOTHING";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, server);
            ps.setLong(2, e.seq());
            ps.setLong(3, nanos(e.time()));
            ps.setString(4, e.type());
            ps.setString(5, e.source());
            ps.setString(6, e.user());
            ps.setString(7, e.detail().length() > 2000 ? e.detail().substring(0, 2000) : e.detail());
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException ex) {
            rollbackQuietly();
            throw new HistorianException("historian event insert failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized List<JournalEvent> events(Instant from, Instant to) throws HistorianException {
        List<JournalEvent> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, t, type, source, usr, detail, server FROM water_events WHERE t >= ? AND t < ? ORDER BY t, server, seq")) {
            ps.setLong(1, nanos(from));
            ps.setLong(2, nanos(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JournalEvent(rs.getLong(1), instant(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            connection.commit();
            return out;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian event query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String describe() throws HistorianException {
        try {
            DatabaseMetaData md = connection.getMetaData();
            return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + " (JDBC " + md.getDriverName()
                    + " " + md.getDriverVersion() + ")";
        } catch (SQLException e) {
            throw new HistorianException("cannot describe historian: " + e.getMessage(), e);
        }
    }

    /** Deletes every sample and event (tests and benchmarks only). */
    public synchronized void truncateAll() throws HistorianException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM water_samples");
            s.execute("DELETE FROM water_events");
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("truncate failed: " + e.getMessage(), e);
        }
    }

    /** The connection, for other stores sharing this database (audit, lease). */
    Connection connection() {
        return connection;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
