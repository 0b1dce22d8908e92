package io.github.ccrhil.water.scada.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a hot-standby pair shares: a lease naming the active server (with an epoch that grows at
 * each takeover), and a command log so that a command is executed at most once whichever server
 * receives it.
 */
public interface Coordination extends AutoCloseable {

    /** The lease holder and its epoch. */
    record Lease(String holder, long epoch, Instant expires) {
    }

    /**
     * Takes or renews the lease for {@code server}: renews if it holds it, takes it if it is free or
     * expired. Returns the lease if {@code server} now holds it.
     */
    Optional<Lease> acquire(String server, Instant now, Duration ttl) throws CoordinationException;

    /** Gives the lease up at once (orderly shutdown), if {@code server} holds it. */
    void release(String server) throws CoordinationException;

    /** The current lease, if any. */
    Optional<Lease> current() throws CoordinationException;

    /**
     * Records a command about to be executed. Returns false if a command with this request id was
     * already recorded (by either server): it must not be executed again.
     */
    boolean claimCommand(String requestId, String server, long epoch, String summary, Instant at) throws CoordinationException;

    /** Records the outcome of a claimed command. */
    void completeCommand(String requestId, String outcome) throws CoordinationException;

    /** A command claimed (its intent recorded) whose outcome was never recorded. */
    record OpenCommand(String requestId, String server, long epoch, String summary) {
    }

    /** Commands whose intent is recorded but whose outcome is not: their server may have died in between. */
    default java.util.List<OpenCommand> openCommands() throws CoordinationException {
        return java.util.List.of();
    }

    /** The summary ("PLC.point old -> new unit") a command was claimed with, or empty if unknown. */
    default Optional<String> commandSummary(String requestId) throws CoordinationException {
        return Optional.empty();
    }

    /** Outcome of a recorded command, or empty if unknown. */
    Optional<String> commandOutcome(String requestId) throws CoordinationException;

    /**
     * Claims (or renews the claim of) a server name for one run of a server ({@code boot}), for
     * {@code ttl}: two live servers never share a name, since a pair tells its members apart by
     * name. A claim that was not renewed in time may be taken by a new run (a restart after a crash).
     *
     * @throws NameInUseException if another run holds a live claim on the name
     */
    default void claimName(String server, String boot, Instant now, Duration ttl) throws CoordinationException {
    }

    /** Gives a name claim up at once (orderly shutdown), if this run holds it. */
    default void releaseName(String server, String boot) throws CoordinationException {
    }

    /**
     * The JDBC URL of the database holding the lease, if any: when it is the historian's own, the
     * historian can refuse a batch of a server whose lease has lapsed
     * ({@link io.github.ccrhil.water.scada.historian.Historian#fence}).
     */
    default Optional<String> databaseUrl() {
        return Optional.empty();
    }

    @Override
    void close();
}
