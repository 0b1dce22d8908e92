package io.github.ccrhil.water.scada.ha;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Lease and command log in the historian's database (H2 or PostgreSQL), each change an atomic
 * conditional UPDATE/INSERT so that two servers can never both win. Lease times are the servers'
 * own clocks: the pair's clocks must agree to well within the lease time (NTP).
 */
public final class JdbcCoordination implements Coordination {
    /** The name of the pair's one lease row in water_lease. */
    public static final String NAME = "supervisor";
    private final Connection c;
    private final String url;

    public JdbcCoordination(String url) throws CoordinationException {
        try {
            this.url = url;
            c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS water_lease (name VARCHAR(40) PRIMARY KEY, holder VARCHAR(100) NOT NULL,"
                        + " epoch BIGINT NOT NULL, expires BIGINT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS water_commands (request_id VARCHAR(100) PRIMARY KEY,"
                        + " server VARCHAR(100) NOT NULL, epoch BIGINT NOT NULL, summary VARCHAR(500) NOT NULL,"
                        + " t BIGINT NOT NULL, outcome VARCHAR(500))");
                s.execute("CREATE TABLE IF NOT EXISTS water_server (name VARCHAR(100) PRIMARY KEY, boot VARCHAR(40) NOT NULL,"
                        + " expires BIGINT NOT NULL)");
            }
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new CoordinationException("cannot open coordination store: " + e.getMessage(), e);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public synchronized Optional<Lease> acquire(String server, Instant now, Duration ttl) throws CoordinationException {
        long n = nanos(now);
        long exp = nanos(now.plus(ttl));
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE water_lease SET expires = ? WHERE name = ? AND holder = ? AND expires >= ?")) {
                ps.setLong(1, exp);
                ps.setString(2, NAME);
                ps.setString(3, server);
                ps.setLong(4, n);
                if (ps.executeUpdate() == 1) {
                    return current();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE water_lease SET holder = ?, epoch = epoch + 1, expires = ? WHERE name = ? AND expires < ?")) {
                ps.setString(1, server);
                ps.setLong(2, exp);
                ps.setString(3, NAME);
                ps.setLong(4, n);
                if (ps.executeUpdate() == 1) {
                    return current();
                }
            }
            if (current().isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO water_lease (name, holder, epoch, expires) VALUES (?, ?, 1, ?)")) {
                    ps.setString(1, NAME);
                    ps.setString(2, server);
                    ps.setLong(3, exp);
                    ps.executeUpdate();
                    return current();
                } catch (SQLException raced) {
                    return Optional.empty(); // the other server inserted first
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new CoordinationException("lease update failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void release(String server) throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE water_lease SET expires = 0 WHERE name = ? AND holder = ?")) {
            ps.setString(1, NAME);
            ps.setString(2, server);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CoordinationException("lease release failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Lease> current() throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("SELECT holder, epoch, expires FROM water_lease WHERE name = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long e = rs.getLong(3);
                return Optional.of(new Lease(rs.getString(1), rs.getLong(2),
                        Instant.ofEpochSecond(Math.floorDiv(e, 1_000_000_000L), Math.floorMod(e, 1_000_000_000L))));
            }
        } catch (SQLException e) {
            throw new CoordinationException("lease read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean claimCommand(String requestId, String server, long epoch, String summary, Instant at)
            throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO water_commands (request_id, server, epoch, summary, t) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, server);
            ps.setLong(3, epoch);
            ps.setString(4, summary.length() > 500 ? summary.substring(0, 500) : summary);
            ps.setLong(5, nanos(at));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (commandOutcomeOrNull(requestId) != null || exists(requestId)) {
                return false;
            }
            throw new CoordinationException("command log insert failed: " + e.getMessage(), e);
        }
    }

    private boolean exists(String requestId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM water_commands WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private String commandOutcomeOrNull(String requestId) {
        try {
            return commandOutcome(requestId).orElse(null);
        } catch (CoordinationException e) {
            return null;
        }
    }

    @Override
    public synchronized void completeCommand(String requestId, String outcome) throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE water_commands SET outcome = ? WHERE request_id = ?")) {
            ps.setString(1, outcome.length() > 500 ? outcome.substring(0, 500) : outcome);
            ps.setString(2, requestId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CoordinationException("command log update failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized java.util.List<OpenCommand> openCommands() throws CoordinationException {
        java.util.List<OpenCommand> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_id, server, epoch, summary FROM water_commands WHERE outcome IS NULL ORDER BY t")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenCommand(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CoordinationException("command log read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> commandSummary(String requestId) throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("SELECT summary FROM water_commands WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CoordinationException("command log read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<String> commandOutcome(String requestId) throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("SELECT outcome FROM water_commands WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String o = rs.getString(1);
                return Optional.of(o == null ? "in progress" : o);
            }
        } catch (SQLException e) {
            throw new CoordinationException("command log read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> databaseUrl() {
        return Optional.of(url);
    }

    @Override
    public synchronized void claimName(String server, String boot, Instant now, Duration ttl) throws CoordinationException {
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE water_server SET boot = ?, expires = ? WHERE name = ? AND (boot = ? OR expires < ?)")) {
                ps.setString(1, boot);
                ps.setLong(2, nanos(now.plus(ttl)));
                ps.setString(3, server);
                ps.setString(4, boot);
                ps.setLong(5, nanos(now));
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO water_server (name, boot, expires) VALUES (?, ?, ?)")) {
                ps.setString(1, server);
                ps.setString(2, boot);
                ps.setLong(3, nanos(now.plus(ttl)));
                ps.executeUpdate();
                return;
            } catch (SQLException taken) {
                // held by another run (or inserted by one at this moment): say which
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT boot, expires FROM water_server WHERE name = ?")) {
                ps.setString(1, server);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long e = rs.getLong(2);
                        throw new NameInUseException(server, rs.getString(1),
                                Instant.ofEpochSecond(Math.floorDiv(e, 1_000_000_000L), Math.floorMod(e, 1_000_000_000L)));
                    }
                }
            }
            throw new CoordinationException("server name " + server + " could not be claimed", null);
        } catch (SQLException e) {
            throw new CoordinationException("server name claim failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void releaseName(String server, String boot) throws CoordinationException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE water_server SET expires = 0 WHERE name = ? AND boot = ?")) {
            ps.setString(1, server);
            ps.setString(2, boot);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CoordinationException("server name release failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
