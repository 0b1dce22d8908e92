package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where samples and journal events are stored. A sample is identified by (tag, time): storing it
 * again is a no-op, so replays after a fault never duplicate.
 */
public interface Historian extends AutoCloseable {

    /**
     * Stores a batch of samples in one transaction (duplicates ignored). When it returns the batch
     * is <em>committed</em>: all of it or none of it, and visible to every query. It is
     * <em>durable</em> only once a later {@link #sync()} has returned: a crash of the process, of
     * the OS or of the power before that may lose it (depending on the store; see its class
     * comment). A caller that must not lose a batch either keeps it elsewhere until a sync (as
     * {@link SpoolingHistorian} does with its spool) or calls {@link #sync()} itself.
     */
    void insert(List<Sample> batch) throws HistorianException;

    /**
     * Makes every batch whose {@link #insert} returned before this call durable: it survives a
     * crash of the process, of the OS and a power loss (as far as the disk honours a flush). Costs
     * a disk flush on stores that do not make each commit durable; a no-op on those that do.
     */
    void sync() throws HistorianException;

    /** Samples of one tag with from ≤ time &lt; to, in time order. */
    List<Sample> query(String tag, Instant from, Instant to) throws HistorianException;

    /** Number of samples stored for a tag (all time). */
    long count(String tag) throws HistorianException;

    /** Number of samples stored in total. */
    long count() throws HistorianException;

    /** Time of the newest sample of any tag, if any. */
    Optional<Instant> latest() throws HistorianException;

    /**
     * Stores a journal event of a server's run ({@code boot}) with the lease epoch it held, exactly
     * once: storing the same (server, boot, seq) again is a no-op, so a retry after a fault never
     * duplicates, and events of different runs never collide. The database numbers the trail
     * ({@link StoredEvent#id()}). Committed when it returns, durable after the next {@link #sync()},
     * as a sample batch.
     */
    void appendEvent(String server, String boot, long epoch, JournalEvent event) throws HistorianException;

    /** Journal events of all servers with from ≤ time &lt; to, in the order of the trail. */
    List<JournalEvent> events(Instant from, Instant to) throws HistorianException;

    /**
     * One page of the stored audit trail of every server: the events numbered after {@code afterId},
     * at most {@code limit} of them, in the order of the trail.
     */
    List<StoredEvent> trail(long afterId, int limit) throws HistorianException;

    /**
     * From now on, stores a sample batch only while {@code server} holds the lease of the pair with
     * the epoch {@code epoch} gives, and that lease runs for at least {@code margin} more by
     * {@code clock}; otherwise {@link #insert} rolls back and throws {@link HistorianFencedException}
     * (the caller keeps the batch). For a store whose database holds the lease
     * ({@link io.github.ccrhil.water.scada.ha.JdbcCoordination} on the same URL); others ignore it.
     */
    default void fence(String server, java.util.function.LongSupplier epoch, java.time.InstantSource clock,
                       java.time.Duration margin) {
    }

    /** The JDBC URL of the store, if it is a database (to tell whether the pair's lease lives in it). */
    default java.util.Optional<String> databaseUrl() {
        return java.util.Optional.empty();
    }

    /**
     * The store's own report of its version and build, for the identity report: for a database,
     * what the server answers (H2: "H2 " and {@code H2VERSION()}; PostgreSQL: {@code version()}).
     */
    String describe() throws HistorianException;

    @Override
    void close();
}
