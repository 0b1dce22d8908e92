package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.ha.JdbcCoordination;
import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.sql.Connection;
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
 * sample keeps its exact scan time. Tags are numbered once in water_tag; water_sample's primary
 * key is (t, tag_id) — time first, so that a scan cycle's rows append at the end of the index
 * (several times faster than (tag, t) on H2). Queries by tag and time range:
 * <ul>
 *   <li>H2: through water_cycle, the distinct sample times (one row per scan cycle, written with
 *       the cycle): for each time in the range, one probe of the primary key (t, tag_id). A second
 *       index (tag_id, t) would take every row of a cycle to a different place of a large tree;
 *       measured for issue #6 on cycles of the 100 × 500 farm (insert and sync per cycle, 100
 *       cycles) it cut the rate from over 200,000 to about 40,000–50,000 samples/s, falling as
 *       the table grew. It is dropped from files of the former layout when they are opened (their
 *       water_cycle is then filled once from the samples). The cost of a query grows with the number
 *       of distinct times in its range, whatever the tag: right for scanned data, where every
 *       time is a cycle of all tags.</li>
 *   <li>PostgreSQL: a second index (tag_id, t).</li>
 * </ul> A sample stored twice is kept once. Thread-safe: samples go through one
 * connection under this object's lock; {@link #latest()} and the journal events use a second
 * connection under a lock of their own, so that they never wait behind a multi-second insert.
 *
 * <p><b>Durability</b> (the contract of {@link Historian#insert} and {@link Historian#sync}):
 * <ul>
 *   <li>H2: {@link #insert} commits. The database's {@code WRITE_DELAY} is set to 0 when a
 *       historian opens it, so a commit also writes the changed pages to the file (not forced to
 *       disk) before it returns: a committed batch survives the process being killed, but not an
 *       OS crash or a power loss. (H2's default, 500 ms, would keep a commit in memory for up to
 *       half a second; the setting is database-wide and the journal events and a
 *       {@link io.github.ccrhil.water.scada.ha.JdbcCoordination} sharing the file rely on it.)
 *       {@link #sync} runs {@code CHECKPOINT SYNC}, which writes what is left and forces the file
 *       to disk: after it every batch inserted before is durable against all three.</li>
 *   <li>PostgreSQL: each commit is durable when it returns (the server's {@code synchronous_commit},
 *       on by default, flushes the WAL at commit); {@link #sync} does nothing.</li>
 * </ul>
 * {@link SpoolingHistorian} relies on exactly this: it keeps a cycle in its spool until a sync
 * after its insert, and calls {@link #sync} about once a second, not once per batch. Journal events
 * ({@link #appendEvent}) are committed the same way and become durable at the next sync.
 *
 * <p><b>Speed.</b> Samples go in as multi-row INSERTs of {@value #ROWS_PER_STATEMENT} rows through
 * prepared statements kept for the life of the connection (H2 executes a JDBC batch row by row,
 * each with its own statement overhead), the remainder as one JDBC batch; one transaction and one
 * write of the changed pages per batch, so larger batches are cheaper per sample. On H2 the cost
 * is mostly per-row work (the transaction's undo log, applied again at commit), cheap while every
 * index grows at its end; the disk flush of {@link #sync} is a few per cent of it (measured for
 * issue #6).
 */
public final class JdbcHistorian implements Historian {
    private enum Dialect { H2, POSTGRESQL }

    /** Rows per multi-row INSERT statement (4 parameters each). */
    static final int ROWS_PER_STATEMENT = 100;

    private final Connection connection;
    private final Dialect dialect;
    private final String url;
    private final String user;
    private final String password;
    /** Guards {@link #side}: the calls on it never wait for the main connection's lock. */
    private final Object sideLock = new Object();
    /**
     * A second connection (auto-commit), opened on first use, for the calls of the server's own
     * threads that must not queue behind the forwarder's multi-second inserts and syncs on the
     * main connection: {@link #latest()} (standby takeover) and the journal events (lease thread,
     * scan thread, operator commands).
     */
    private Connection side;
    private volatile boolean closed;
    /** Set by {@link #fence}: whose lease a batch needs, with which epoch, by which clock, with what margin. */
    private volatile Fence fence;

    private record Fence(String server, java.util.function.LongSupplier epoch, java.time.InstantSource clock,
                         java.time.Duration margin) {
    }

    private JdbcHistorian(Connection c, Dialect d, String url, String user, String password) {
        this.connection = c;
        this.dialect = d;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    private Connection connect() throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
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
            JdbcHistorian h = new JdbcHistorian(c, d, url, user, password);
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
            s.execute("CREATE TABLE IF NOT EXISTS water_tag (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " tag VARCHAR(200) NOT NULL UNIQUE)");
            s.execute("CREATE TABLE IF NOT EXISTS water_sample (t BIGINT NOT NULL, tag_id INT NOT NULL,"
                    + " v DOUBLE PRECISION, q SMALLINT NOT NULL, PRIMARY KEY (t, tag_id))");
            if (dialect == Dialect.H2) {
                // queries by tag go through the scan times (see the class comment), not a (tag_id, t) index
                s.execute("CREATE TABLE IF NOT EXISTS water_cycle (t BIGINT PRIMARY KEY)");
                s.execute("DROP INDEX IF EXISTS water_sample_by_tag");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM water_cycle")) {
                    rs.next();
                    if (rs.getLong(1) == 0) { // new, or a file of the former layout: one scan of the table
                        s.execute("INSERT INTO water_cycle (t) SELECT DISTINCT t FROM water_sample");
                    }
                }
            } else {
                s.execute("CREATE INDEX IF NOT EXISTS water_sample_by_tag ON water_sample (tag_id, t)");
            }
            s.execute("CREATE TABLE IF NOT EXISTS water_journal (id BIGINT PRIMARY KEY, server VARCHAR(100) NOT NULL,"
                    + " boot VARCHAR(40) NOT NULL, seq BIGINT NOT NULL, epoch BIGINT NOT NULL, t BIGINT NOT NULL,"
                    + " type VARCHAR(40) NOT NULL, source VARCHAR(200) NOT NULL, usr VARCHAR(100) NOT NULL,"
                    + " detail VARCHAR(2000) NOT NULL, UNIQUE (server, boot, seq))");
            s.execute("CREATE TABLE IF NOT EXISTS water_journal_head (id INT PRIMARY KEY, last BIGINT NOT NULL)");
        }
        connection.setAutoCommit(false);
        connection.commit();
        createJournalHead();
        if (dialect == Dialect.H2) {
            try (Statement s = connection.createStatement()) {
                // commits reach the file before they return (see the class comment)
                s.execute("SET WRITE_DELAY 0");
            }
        }
        connection.setAutoCommit(false);
        connection.commit();
    }

    /**
     * The one row that numbers the trail, created once per database. A database of the former layout
     * (water_events keyed on server and seq) has its events copied over once, in their time order,
     * as the runs of an unknown boot "before-upgrade".
     */
    private void createJournalHead() throws SQLException {
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM water_journal_head")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    connection.commit();
                    return;
                }
            }
            s.execute("INSERT INTO water_journal_head (id, last) VALUES (1, 0)"); // the partner may race us: see below
            boolean former;
            try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(),
                    dialect == Dialect.H2 ? "WATER_EVENTS" : "water_events", null)) {
                former = rs.next();
            }
            if (former) {
                s.execute("INSERT INTO water_journal (id, server, boot, seq, epoch, t, type, source, usr, detail)"
                        + " SELECT ROW_NUMBER() OVER (ORDER BY t, server, seq), server, 'before-upgrade', seq, 0, t, type,"
                        + " source, usr, detail FROM water_events");
                s.execute("UPDATE water_journal_head SET last = (SELECT COUNT(*) FROM water_journal) WHERE id = 1");
            }
            connection.commit();
        } catch (SQLException raced) {
            connection.rollback(); // the partner created the head at the same moment: it is there now
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM water_journal_head")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    throw raced;
                }
            }
            connection.commit();
        }
    }

    /** Open statements of the sample insert, by SQL (kept for the life of the connection). */
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static String rows(String head, int n, String tail) {
        StringBuilder b = new StringBuilder(head.length() + tail.length() + n * 14).append(head);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? " (?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        }
        return b.append(tail).toString();
    }

    private static int bind(PreparedStatement ps, int p, Sample s, int id) throws SQLException {
        ps.setLong(p, nanos(s.time()));
        ps.setInt(p + 1, id);
        if (Double.isNaN(s.value())) {
            ps.setNull(p + 2, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(p + 2, s.value());
        }
        ps.setShort(p + 3, (short) s.quality().ordinal());
        return p + 4;
    }

    /** The JDBC connection URL (password redacted). */
    public String url() {
        return redact(url);
    }

    private final java.util.Map<String, Integer> tagIds = new java.util.HashMap<>();

    /** The id of a tag, or null if it was never numbered. */
    private Integer tagId(String tag) throws SQLException {
        Integer id = tagIds.get(tag);
        return id != null ? id : lookup(tag);
    }

    /**
     * Numbers every tag of the batch not numbered yet, all in one transaction: the first cycle of a
     * large farm brings tens of thousands of new tags, and one commit per tag (each written to the
     * file, see the class comment) would hold the forwarder for seconds.
     */
    private void numberTags(List<Sample> batch) throws SQLException {
        java.util.LinkedHashSet<String> missing = new java.util.LinkedHashSet<>();
        for (Sample s : batch) {
            if (!tagIds.containsKey(s.tag())) {
                missing.add(s.tag());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        loadTags(); // the partner server may have numbered them
        missing.removeIf(tagIds::containsKey);
        if (missing.isEmpty()) {
            return;
        }
        String sql = dialect == Dialect.H2 ? "MERGE INTO water_tag (tag) KEY (tag) VALUES (?)"
                : "INSERT INTO water_tag (tag) VALUES (?) ON CONFLICT (tag) DO NOTHING";
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (String tag : missing) {
                    ps.setString(1, tag);
                    ps.addBatch();
                }
                ps.executeBatch();
                connection.commit();
                break;
            } catch (SQLException raced) {
                connection.rollback(); // the partner numbered some of them at the same moment
                if (attempt == 3) {
                    throw raced;
                }
                loadTags();
                missing.removeIf(tagIds::containsKey);
                if (missing.isEmpty()) {
                    return;
                }
            }
        }
        loadTags();
        for (String tag : missing) {
            if (!tagIds.containsKey(tag)) {
                throw new SQLException("tag " + tag + " could not be numbered");
            }
        }
    }

    private void loadTags() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT id, tag FROM water_tag")) {
            while (rs.next()) {
                tagIds.put(rs.getString(2), rs.getInt(1));
            }
        }
        connection.commit();
    }

    private Integer lookup(String tag) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM water_tag WHERE tag = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                Integer id = rs.next() ? rs.getInt(1) : null;
                connection.commit();
                if (id != null) {
                    tagIds.put(tag, id);
                }
                return id;
            }
        }
    }

    /**
     * Inserts the batch as multi-row statements "head (?, ?, ?, ?), ... tail", the remainder as a
     * JDBC batch of single rows; does not commit.
     */
    private void insertRows(List<Sample> batch, int[] ids, String head, String tail) throws SQLException {
        int n = batch.size();
        int i = 0;
        if (n >= ROWS_PER_STATEMENT) {
            PreparedStatement many = statement(rows(head, ROWS_PER_STATEMENT, tail));
            for (; i + ROWS_PER_STATEMENT <= n; i += ROWS_PER_STATEMENT) {
                int p = 1;
                for (int k = i; k < i + ROWS_PER_STATEMENT; k++) {
                    p = bind(many, p, batch.get(k), ids[k]);
                }
                many.executeUpdate();
            }
        }
        if (i < n) {
            PreparedStatement one = statement(rows(head, 1, tail));
            for (; i < n; i++) {
                bind(one, 1, batch.get(i), ids[i]);
                one.addBatch();
            }
            one.executeBatch();
        }
    }

    /**
     * On H2 writes every committed change to the file and forces it to disk ({@code CHECKPOINT SYNC});
     * on PostgreSQL nothing (its commits are durable). See the class comment.
     */
    @Override
    public synchronized void sync() throws HistorianException {
        if (dialect != Dialect.H2) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            throw new HistorianException("historian sync failed: " + e.getMessage(), e);
        }
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * Stores a batch in one transaction and returns once it is committed; durable after the next
     * {@link #sync} (see the class comment). Fast path: plain multi-row INSERTs; if the batch holds
     * a sample already stored (a replay), it is redone as an insert that skips existing rows.
     */
    @Override
    public Optional<String> databaseUrl() {
        return Optional.of(url);
    }

    @Override
    public void fence(String server, java.util.function.LongSupplier epoch, java.time.InstantSource clock, java.time.Duration margin) {
        fence = new Fence(server, epoch, clock, margin);
    }

    /**
     * Checks the fence in the insert's transaction, before the rows (no work for a fenced server) and
     * again just before the commit. The lease row is read, not locked: a lock would hold a takeover
     * back for as long as this transaction lasts (or, if this process is frozen, for ever). So the
     * lease must run for the margin more at the second check: the partner cannot take it over before
     * it has expired by its own clock, and the commit follows within the margin unless this process
     * is frozen in exactly that moment (a window of one commit; the clocks of the pair must agree to
     * well within the margin).
     */
    private void checkFence(int size) throws SQLException, HistorianFencedException {
        Fence f = fence;
        if (f == null) {
            return;
        }
        long mine = f.epoch().getAsLong();
        try (PreparedStatement ps = connection.prepareStatement("SELECT holder, epoch, expires FROM water_lease WHERE name = ?")) {
            ps.setString(1, JdbcCoordination.NAME);
            try (ResultSet rs = ps.executeQuery()) {
                String why = null;
                if (mine == 0) {
                    why = f.server() + " is standby";
                } else if (!rs.next()) {
                    why = "no lease in the database";
                } else if (!rs.getString(1).equals(f.server()) || rs.getLong(2) != mine) {
                    why = "the lease is " + rs.getString(1) + "'s with epoch " + rs.getLong(2) + ", not " + f.server() + "'s with " + mine;
                } else if (rs.getLong(3) < nanos(f.clock().instant().plus(f.margin()))) {
                    why = "the lease of epoch " + mine + " runs out within " + f.margin();
                }
                if (why != null) {
                    rollbackQuietly();
                    throw new HistorianFencedException("batch of " + size + " samples refused: " + why);
                }
            }
        }
    }

    @Override
    public synchronized void insert(List<Sample> batch) throws HistorianException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            checkFence(batch.size());
            numberTags(batch);
            int[] ids = new int[batch.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tagIds.get(batch.get(i).tag());
            }
            if (dialect == Dialect.POSTGRESQL) {
                insertRows(batch, ids, "INSERT INTO water_sample (t, tag_id, v, q) VALUES", " ON CONFLICT (t, tag_id) DO NOTHING");
                checkFence(batch.size());
                connection.commit();
                return;
            }
            try {
                insertRows(batch, ids, "INSERT INTO water_sample (t, tag_id, v, q) VALUES", "");
            } catch (SQLException duplicate) {
                connection.rollback();
                insertRows(batch, ids, "MERGE INTO water_sample (t, tag_id, v, q) KEY (t, tag_id) VALUES", "");
            }
            PreparedStatement cycle = statement("MERGE INTO water_cycle (t) KEY (t) VALUES (?)");
            long previous = Long.MIN_VALUE;
            java.util.Set<Long> times = new java.util.HashSet<>();
            for (Sample s : batch) {
                long t = nanos(s.time());
                if (t != previous && times.add(t)) { // a scan cycle is one time: usually one row
                    cycle.setLong(1, t);
                    cycle.addBatch();
                }
                previous = t;
            }
            cycle.executeBatch();
            checkFence(batch.size());
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
        Integer id;
        try {
            id = tagId(tag);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian query of " + tag + " failed: " + e.getMessage(), e);
        }
        if (id == null) {
            return out;
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect == Dialect.H2
                ? "SELECT s.t, s.v, s.q FROM water_cycle c JOIN water_sample s ON s.t = c.t AND s.tag_id = ?"
                        + " WHERE c.t >= ? AND c.t < ? ORDER BY c.t"
                : "SELECT t, v, q FROM water_sample WHERE tag_id = ? AND t >= ? AND t < ? ORDER BY t")) {
            ps.setInt(1, id);
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
        if (dialect == Dialect.POSTGRESQL) {
            return scalar("SELECT COUNT(*) FROM water_sample s JOIN water_tag g ON g.id = s.tag_id WHERE g.tag = ?", tag);
        }
        Integer id;
        try {
            id = tagId(tag);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("historian count of " + tag + " failed: " + e.getMessage(), e);
        }
        return id == null ? 0 : scalar("SELECT COUNT(*) FROM water_cycle c JOIN water_sample s ON s.t = c.t AND s.tag_id = "
                + id, null);
    }

    @Override
    public synchronized long count() throws HistorianException {
        return scalar("SELECT COUNT(*) FROM water_sample", null);
    }

    /** Work on the side connection. */
    private interface SideWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T onSide(String what, SideWork<T> work) throws HistorianException {
        synchronized (sideLock) {
            if (closed) {
                throw new HistorianException("historian is closed");
            }
            try {
                if (side == null) {
                    side = connect();
                }
                return work.run(side);
            } catch (SQLException e) {
                closeSide(); // reopened on the next call
                throw new HistorianException(what + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Time of the newest committed sample. Read on the side connection, not under this
     * historian's lock: a standby taking over asks it on its lease thread and must not wait behind
     * a multi-second insert or a sync of the forwarder (the primary key starts with t, so this is
     * one index probe).
     */
    @Override
    public Optional<Instant> latest() throws HistorianException {
        return onSide("historian query", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(t) FROM water_sample")) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(instant(max));
            }
        });
    }

    private void closeSide() {
        synchronized (sideLock) {
            if (side != null) {
                try {
                    side.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
                side = null;
            }
        }
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

    /**
     * On the side connection (see {@link #side}), one transaction: takes the next number of the trail
     * from water_journal_head (its row lock makes every other writer, of either server, wait until
     * this commits, so numbers are committed in order and without gaps, and a reader paging by number
     * never skips one), unless the event is already stored.
     */
    @Override
    public void appendEvent(String server, String boot, long epoch, JournalEvent e) throws HistorianException {
        onSide("historian event insert", c -> {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("UPDATE water_journal_head SET last = last + 1 WHERE id = 1")) {
                    if (lock.executeUpdate() != 1) {
                        throw new SQLException("water_journal_head has no row");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM water_journal WHERE server = ? AND boot = ? AND seq = ?")) {
                    ps.setString(1, server);
                    ps.setString(2, boot);
                    ps.setLong(3, e.seq());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            c.rollback(); // stored before: a retry after an unknown outcome
                            return 0;
                        }
                    }
                }
                long id;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last FROM water_journal_head WHERE id = 1")) {
                    rs.next();
                    id = rs.getLong(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO water_journal (id, server, boot, seq, epoch, t, type,"
                        + " source, usr, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, server);
                    ps.setString(3, boot);
                    ps.setLong(4, e.seq());
                    ps.setLong(5, epoch);
                    ps.setLong(6, nanos(e.time()));
                    ps.setString(7, e.type());
                    ps.setString(8, e.source());
                    ps.setString(9, e.user());
                    ps.setString(10, e.detail().length() > 2000 ? e.detail().substring(0, 2000) : e.detail());
                    ps.executeUpdate();
                }
                c.commit();
                return 1;
            } catch (SQLException failed) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is closed by onSide
                }
                throw failed;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public List<JournalEvent> events(Instant from, Instant to) throws HistorianException {
        return onSide("historian event query", c -> {
            List<JournalEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, t, type, source, usr, detail FROM water_journal WHERE t >= ? AND t < ? ORDER BY id")) {
                ps.setLong(1, nanos(from));
                ps.setLong(2, nanos(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new JournalEvent(rs.getLong(1), instant(rs.getLong(2)), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredEvent> trail(long afterId, int limit) throws HistorianException {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one event, not " + limit);
        }
        return onSide("historian journal query", c -> {
            List<StoredEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, server, boot, epoch, seq, t, type, source, usr, detail"
                    + " FROM water_journal WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                new JournalEvent(rs.getLong(5), instant(rs.getLong(6)), rs.getString(7), rs.getString(8),
                                        rs.getString(9), rs.getString(10))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public synchronized String describe() throws HistorianException {
        // the server's own answer, not the driver's idea of it: H2 names its version and build date,
        // PostgreSQL its version, the distribution's build, the platform and the compiler
        try (Statement s = connection.createStatement();
             java.sql.ResultSet r = s.executeQuery(dialect == Dialect.H2 ? "SELECT H2VERSION()" : "SELECT version()")) {
            r.next();
            String reported = r.getString(1);
            connection.commit();
            return dialect == Dialect.H2 ? "H2 " + reported : reported;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new HistorianException("cannot describe historian: " + e.getMessage(), e);
        }
    }

    /** Deletes every sample and event (tests and benchmarks only). */
    public synchronized void truncateAll() throws HistorianException {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM water_sample");
            s.execute("DELETE FROM water_journal");
            s.execute("UPDATE water_journal_head SET last = 0");
            if (dialect == Dialect.H2) {
                s.execute("DELETE FROM water_cycle");
            }
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
    public void close() {
        synchronized (sideLock) {
            closed = true;
            closeSide();
        }
        closeMain();
    }

    private synchronized void closeMain() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
