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
     * Stores a journal event of a server (duplicates by (server, seq) ignored): committed when it
     * returns, durable after the next {@link #sync()}, as a sample batch.
     */
    void appendEvent(String server, JournalEvent event) throws HistorianException;

    /** Journal events of all servers with from ≤ time &lt; to, by time then server and seq. */
    List<JournalEvent> events(Instant from, Instant to) throws HistorianException;

    /** Product name and version of the store, for the identity report. */
    String describe() throws HistorianException;

    @Override
    void close();
}
