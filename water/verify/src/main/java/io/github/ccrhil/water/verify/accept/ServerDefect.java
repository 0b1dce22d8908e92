package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.water.scada.JournalEvent;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.StoredEvent;
import io.github.ccrhil.water.scada.historian.HistorianException;
import io.github.ccrhil.water.scada.server.Role;
import io.github.ccrhil.water.scada.server.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Deliberately defective supervisory servers, so that the water suite proves itself: each is the
 * reference server with one wrapper around what it is given, and each must fail exactly the check
 * meant to catch it. {@link #NONE} is the server as delivered.
 */
public enum ServerDefect {

    /** The server as delivered. */
    NONE,

    /**
     * A server that ignores roles: every user it knows acts with an engineer's rights (its user
     * directory is handed over with every role raised). Caught by COMMAND_AUTHORITY.
     */
    IGNORES_ROLES,

    /**
     * A standby that loses samples when it takes over: its historian connection reports its
     * first {@value #DROPPED_BATCHES} sample batches after the takeover as stored and stores
     * nothing. Caught by HISTORIAN_COMPLETENESS.
     */
    DROPS_SAMPLES_ON_FAILOVER,

    /**
     * A server that executes a retried command again: its command log never answers "already
     * handled", so an operator's retry of a confirmed request (same request id, same command) is
     * written to the PLC a second time. Caught by COMMAND_AUTHORITY, which counts the writes at the PLC.
     */
    DOUBLE_EXECUTES,

    /**
     * A server whose confirmation ids can be used again: a confirmed command stays waiting under
     * its id, and each further use is logged as a request of its own, so a replayed confirmation
     * (a captured id sent again) is written to the PLC again. A retry of the same request id is
     * still answered DUPLICATE. Caught by COMMAND_REPLAY, which counts the writes at the PLC.
     */
    REPLAYS_CONFIRMATIONS,

    /**
     * A server whose API has no limit on failed logins: a guesser may try bearer tokens at full
     * rate. Caught by LOGIN_RATE_LIMIT.
     */
    NO_LOGIN_LIMIT,

    /**
     * Not the server: the chlorination PLC without its supervisor timeout, which follows the last
     * command it was given (a manual dose) however long the supervisory server has been silent.
     * Caught by PLC_SAFE_SERVER_FLOODED_OR_DOWN.
     */
    PLC_FOLLOWS_LAST_COMMAND;

    /** What the defect changes in the plant's PLCs (the PLCs as delivered: nothing). */
    void apply(io.github.ccrhil.water.plant.site.RunningPlant plant) {
        if (this == PLC_FOLLOWS_LAST_COMMAND) {
            plant.site().plc(io.github.ccrhil.water.plant.site.WaterSite.CHLORINATION).supervisorTimeout(null);
        }
    }

    /** The limit on failed logins the server's API is started with. */
    io.github.ccrhil.water.scada.api.LoginThrottle.Settings logins(io.github.ccrhil.water.scada.api.LoginThrottle.Settings s) {
        return this == NO_LOGIN_LIMIT ? io.github.ccrhil.water.scada.api.LoginThrottle.Settings.OFF : s;
    }

    /** What the defect changes in a server once it is built (the server as delivered: nothing). */
    void apply(io.github.ccrhil.water.scada.server.SupervisoryServer s) {
        if (this == REPLAYS_CONFIRMATIONS) {
            java.util.concurrent.atomic.AtomicInteger uses = new java.util.concurrent.atomic.AtomicInteger();
            s.onConfirmed(pd -> new io.github.ccrhil.water.scada.server.SupervisoryServer.Pending(pd.confirmationId(),
                    pd.requestId() + ".use" + uses.incrementAndGet(), pd.user(), pd.plc(), pd.point(), pd.oldValue(), pd.value(),
                    pd.expires(), pd.summary()));
        }
    }

    /** How many batches {@link #DROPS_SAMPLES_ON_FAILOVER} loses after a takeover. */
    public static final int DROPPED_BATCHES = 3;

    /** The users the server is given. */
    List<User> users(List<User> users) {
        if (this != IGNORES_ROLES) {
            return users;
        }
        return users.stream().map(u -> new User(u.name(), Role.ENGINEER, u.tokenSha256())).toList();
    }

    /**
     * The historian connection a server is given.
     *
     * @param standby true for a server started beside an active one (it takes over on failover)
     * @param active whether that server holds the lease now
     */
    Historian historian(Historian h, boolean standby, BooleanSupplier active) {
        return this == DROPS_SAMPLES_ON_FAILOVER && standby ? new DroppingAfterTakeover(h, active) : h;
    }

    /** The coordination (lease and command log) a server is given. */
    io.github.ccrhil.water.scada.ha.Coordination coordination(io.github.ccrhil.water.scada.ha.Coordination c) {
        return this == DOUBLE_EXECUTES ? new ForgetfulCommandLog(c) : c;
    }

    /** A command log that records every claim and never says a request was handled before. */
    private record ForgetfulCommandLog(io.github.ccrhil.water.scada.ha.Coordination inner) implements io.github.ccrhil.water.scada.ha.Coordination {
        @Override
        public Optional<Lease> acquire(String server, Instant now, java.time.Duration ttl)
                throws io.github.ccrhil.water.scada.ha.CoordinationException {
            return inner.acquire(server, now, ttl);
        }

        @Override
        public void release(String server) throws io.github.ccrhil.water.scada.ha.CoordinationException {
            inner.release(server);
        }

        @Override
        public Optional<Lease> current() throws io.github.ccrhil.water.scada.ha.CoordinationException {
            return inner.current();
        }

        @Override
        public boolean claimCommand(String requestId, String server, long epoch, String summary, Instant at)
                throws io.github.ccrhil.water.scada.ha.CoordinationException {
            inner.claimCommand(requestId, server, epoch, summary, at);
            return true; // the defect: a request handled before is claimed again
        }

        @Override
        public void completeCommand(String requestId, String outcome) throws io.github.ccrhil.water.scada.ha.CoordinationException {
            inner.completeCommand(requestId, outcome);
        }

        @Override
        public List<OpenCommand> openCommands() throws io.github.ccrhil.water.scada.ha.CoordinationException {
            return inner.openCommands();
        }

        @Override
        public Optional<String> commandSummary(String requestId) throws io.github.ccrhil.water.scada.ha.CoordinationException {
            return inner.commandSummary(requestId);
        }

        @Override
        public Optional<String> commandOutcome(String requestId) throws io.github.ccrhil.water.scada.ha.CoordinationException {
            return inner.commandOutcome(requestId);
        }

        @Override
        public void claimName(String server, String boot, Instant now, java.time.Duration ttl)
                throws io.github.ccrhil.water.scada.ha.CoordinationException {
            inner.claimName(server, boot, now, ttl);
        }

        @Override
        public void releaseName(String server, String boot) throws io.github.ccrhil.water.scada.ha.CoordinationException {
            inner.releaseName(server, boot);
        }

        @Override
        public Optional<String> databaseUrl() {
            return inner.databaseUrl();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** A connection that reports the first batches after its server takes over as stored, and drops them. */
    private static final class DroppingAfterTakeover implements Historian {
        private final Historian inner;
        private final BooleanSupplier active;
        private int dropped;

        DroppingAfterTakeover(Historian inner, BooleanSupplier active) {
            this.inner = inner;
            this.active = active;
        }

        @Override
        public synchronized void insert(List<Sample> batch) throws HistorianException {
            if (active.getAsBoolean() && dropped < DROPPED_BATCHES && !batch.isEmpty()) {
                dropped++;
                return;
            }
            inner.insert(batch);
        }

        @Override
        public void sync() throws HistorianException {
            inner.sync();
        }

        @Override
        public List<Sample> query(String tag, Instant from, Instant to) throws HistorianException {
            return inner.query(tag, from, to);
        }

        @Override
        public long count(String tag) throws HistorianException {
            return inner.count(tag);
        }

        @Override
        public long count() throws HistorianException {
            return inner.count();
        }

        @Override
        public Optional<Instant> latest() throws HistorianException {
            return inner.latest();
        }

        @Override
        public void appendEvent(String server, String boot, long epoch, JournalEvent event) throws HistorianException {
            inner.appendEvent(server, boot, epoch, event);
        }

        @Override
        public List<JournalEvent> events(Instant from, Instant to) throws HistorianException {
            return inner.events(from, to);
        }

        @Override
        public List<StoredEvent> trail(long afterId, int limit) throws HistorianException {
            return inner.trail(afterId, limit);
        }

        @Override
        public void fence(String server, java.util.function.LongSupplier epoch, java.time.InstantSource clock,
                          java.time.Duration margin) {
            inner.fence(server, epoch, clock, margin);
        }

        @Override
        public Optional<String> databaseUrl() {
            return inner.databaseUrl();
        }

        @Override
        public String describe() throws HistorianException {
            return inner.describe();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
