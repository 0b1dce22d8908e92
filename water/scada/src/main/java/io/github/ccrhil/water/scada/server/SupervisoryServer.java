package io.github.ccrhil.water.scada.server;

import io.github.ccrhil.water.scada.ha.SoloCoordination;
import io.github.ccrhil.water.scada.historian.JdbcHistorian;
import io.github.ccrhil.water.scada.ha.Coordination;
import io.github.ccrhil.water.scada.ha.CoordinationException;
import io.github.ccrhil.water.scada.ha.NameInUseException;
import io.github.ccrhil.water.scada.historian.Historian;
import io.github.ccrhil.water.scada.historian.HistorianException;
import io.github.ccrhil.water.scada.historian.SpoolingHistorian;
import io.github.ccrhil.water.scada.AlarmDefinition;
import io.github.ccrhil.water.scada.AlarmManager;
import io.github.ccrhil.water.scada.EventJournal;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.water.scada.PlcEndpoint;
import io.github.ccrhil.water.scada.Sample;
import io.github.ccrhil.water.scada.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The supervisory control server: scans every PLC, handles alarms, keeps the journal and the
 * historian (through its store-and-forward spool) and executes operator commands with authority,
 * confirmation and an audit trail. Run alone (with {@link io.github.ccrhil.water.scada.ha.SoloCoordination})
 * or as one of a hot-standby pair sharing a {@link Coordination}: both scan all the time; only the
 * lease holder stores samples and executes commands; on taking over, the new active server first
 * stores its buffered cycles newer than the historian's last sample, so the record has no gap.
 */
public final class SupervisoryServer implements AutoCloseable {

    /**
     * @param name         server name (unique in a pair)
     * @param scanPeriod   fixed scan period
     * @param plcTimeout   timeout of one Modbus transaction
     * @param commFailAfter consecutive failed polls before COMM_FAIL
     * @param leaseTtl     lease time: the standby takes over this long after the last renewal
     * @param heartbeat    how often the lease is renewed or tried
     * @param confirmTtl   how long a prepared command waits for its confirmation
     * @param bufferCycles scan cycles a standby keeps in memory for gap-free takeover
     */
    public record Config(String name, List<PlcEndpoint> plcs, Duration scanPeriod, Duration plcTimeout, int commFailAfter,
                         List<AlarmDefinition> alarms, List<User> users, Path spoolDir, Duration leaseTtl,
                         Duration heartbeat, Duration confirmTtl, int bufferCycles) {
        public Config {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("server name must be 1-64 letters, digits, '_', '.', '-'");
            }
            plcs = List.copyOf(plcs);
            alarms = List.copyOf(alarms);
            users = List.copyOf(users);
            Objects.requireNonNull(spoolDir, "spoolDir");
            if (leaseTtl.compareTo(heartbeat.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("lease time must be at least two heartbeats");
            }
            if (bufferCycles < 1) {
                throw new IllegalArgumentException("bufferCycles must be >= 1");
            }
        }

        public static Config defaults(String name, List<PlcEndpoint> plcs, List<AlarmDefinition> alarms, List<User> users,
                                      Path spoolDir) {
            return new Config(name, plcs, Duration.ofSeconds(1), Duration.ofMillis(500), 3, alarms, users, spoolDir,
                    Duration.ofMillis(1000), Duration.ofMillis(200), Duration.ofSeconds(60), 120);
        }
    }

    /** A command waiting for its confirmation. */
    public record Pending(String confirmationId, String requestId, String user, String plc, String point, double oldValue,
                         double value, Instant expires, String summary) {
    }

    /** What became of a confirmed command. */
    public record CommandResult(String requestId, String status, String detail) {
    }

    private final Config cfg;
    private final InstantSource clock;
    private final Historian historian;
    private final Coordination coordination;
    private final Scanner scanner;
    private final EventJournal journal;
    private final AlarmManager alarms;
    private final SpoolingHistorian spool;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Deque<List<Sample>> recent = new ArrayDeque<>();
    private final Object sinkLock = new Object();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong eventStoreErrors = new AtomicLong();
    private final Deque<Unstored> unstored = new ArrayDeque<>();
    private final ScheduledExecutorService ha;
    private final java.util.concurrent.ExecutorService journalWriter;
    private volatile Coordination.Lease lease;
    private volatile Instant becameActive;
    private volatile boolean stopped;
    private volatile boolean killed;

    public SupervisoryServer(Config cfg, Historian historian, Coordination coordination, InstantSource clock) throws IOException {
        this.cfg = cfg;
        this.clock = clock;
        this.historian = historian;
        this.coordination = coordination;
        this.journal = new EventJournal(clock);
        this.journalWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "journal-" + cfg.name());
            t.setDaemon(true);
            return t;
        });
        this.scanner = new Scanner(cfg.plcs(), cfg.scanPeriod(), cfg.plcTimeout(), cfg.commFailAfter(), clock);
        this.alarms = new AlarmManager(cfg.alarms(), clock, journal, 10, Duration.ofMinutes(10));
        this.spool = new SpoolingHistorian(cfg.spoolDir(), historian, Duration.ofMillis(200), true);
        scanner.addSink(alarms);
        scanner.addSink(this::onCycle);
        journal.addListener(e -> storeEvent(new Unstored(epoch(), e)));
        if (coordination.databaseUrl().isPresent() && coordination.databaseUrl().equals(historian.databaseUrl())) {
            // fencing: the database refuses this server's sample batches unless it holds the lease now
            historian.fence(cfg.name(), this::epoch, clock, cfg.heartbeat());
        }
        this.ha = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ha-" + cfg.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Claims the server name, then starts the lease loop and the scan. A name held by a live server
     * is refused (after waiting out one lease time, in case its holder was this server's own run that
     * died a moment ago): the server is closed and {@link IllegalStateException} says why.
     */
    public SupervisoryServer start() {
        try {
            claimName(true);
        } catch (CoordinationException e) {
            kill(); // nothing was scanned or spooled: release the threads and connections, flush nothing
            throw new IllegalStateException(e.getMessage(), e);
        }
        haTick();
        ha.scheduleWithFixedDelay(this::haTick, cfg.heartbeat().toNanos(), cfg.heartbeat().toNanos(), TimeUnit.NANOSECONDS);
        scanner.start();
        journal.record("SERVER", cfg.name(), "system", "started " + (lease != null ? "active" : "standby"));
        return this;
    }

    private void onCycle(List<Sample> cycle) {
        synchronized (sinkLock) {
            recent.addLast(cycle);
            while (recent.size() > cfg.bufferCycles()) {
                recent.removeFirst();
            }
            if (lease != null) {
                spool.accept(cycle);
            }
        }
    }

    /** A journal event with the epoch it was recorded under, not yet in the historian. */
    private record Unstored(long epoch, io.github.ccrhil.water.scada.JournalEvent event) {
    }

    /**
     * Queues an event of either role (a standby's events are part of the trail too) for the journal
     * writer thread, which stores them in order: the scan, lease and operator threads that record
     * events never wait for the database. One the historian cannot take now waits and is tried
     * again on the next heartbeat: storing is idempotent by (server, boot, seq), so a retry never
     * duplicates.
     */
    private void storeEvent(Unstored e) {
        synchronized (unstored) {
            if (e != null) {
                unstored.addLast(e);
            }
        }
        try {
            journalWriter.execute(this::drainEvents);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stopped: close() drains on its own thread
        }
    }

    private void drainEvents() {
        while (!killed) {
            Unstored next;
            synchronized (unstored) {
                next = unstored.peekFirst();
            }
            if (next == null) {
                return;
            }
            try {
                historian.appendEvent(cfg.name(), journal.boot(), next.epoch(), next.event());
            } catch (HistorianException | RuntimeException ex) {
                eventStoreErrors.incrementAndGet();
                return; // tried again at the next heartbeat
            }
            synchronized (unstored) {
                unstored.removeFirst();
                unstored.notifyAll();
            }
        }
    }

    /**
     * Records an event of the command path and waits (up to a lease time) until it is in the
     * historian, so that an operator is answered only once the trail holds what was done: a
     * crash after the answer cannot lose it. If the store is down the answer goes out anyway and
     * the event is stored on a later retry.
     */
    private void audit(String type, String source, String user, String detail) {
        io.github.ccrhil.water.scada.JournalEvent e = journal.record(type, source, user, detail);
        long end = System.nanoTime() + cfg.leaseTtl().toNanos();
        synchronized (unstored) {
            while (!killed && unstored.stream().anyMatch(u -> u.event() == e)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    unstored.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Journal events recorded but not yet in the historian (waiting for a retry). */
    public int unstoredEvents() {
        synchronized (unstored) {
            return unstored.size();
        }
    }

    private void claimName(boolean waitForALapsedRun) throws CoordinationException {
        try {
            coordination.claimName(cfg.name(), journal.boot(), clock.instant(), cfg.leaseTtl());
        } catch (NameInUseException inUse) {
            if (!waitForALapsedRun) {
                throw inUse;
            }
            long end = System.nanoTime() + cfg.leaseTtl().plus(cfg.heartbeat()).toNanos();
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(cfg.heartbeat().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw inUse;
                }
                try {
                    coordination.claimName(cfg.name(), journal.boot(), clock.instant(), cfg.leaseTtl());
                    return;
                } catch (NameInUseException stillInUse) {
                    // its holder may still lapse
                }
            }
            throw inUse;
        }
    }

    /**
     * How the lease loop kept time, for a judge of the host: a renewal can only be as punctual as the
     * host lets this thread run.
     *
     * @param ticks       lease-loop ticks so far
     * @param late        ticks that started more than two heartbeats after the one before (due after one)
     * @param longestGap  the longest time between the starts of two ticks
     * @param slowestTick the longest a tick took (its lease and name round trips to the database)
     */
    public record LeaseTiming(long ticks, long late, Duration longestGap, Duration slowestTick) {
    }

    /** One taking of the lease by this server. */
    public record Takeover(Instant at, long epoch) {
    }

    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private volatile long lastTickStart;
    private volatile long longestGapNanos;
    private volatile long slowestTickNanos;
    private final List<Takeover> takeovers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** How punctually the lease loop ran (see {@link LeaseTiming}). */
    public LeaseTiming leaseTiming() {
        return new LeaseTiming(ticks.get(), lateTicks.get(), Duration.ofNanos(longestGapNanos), Duration.ofNanos(slowestTickNanos));
    }

    /** Every time this server took the lease, oldest first. */
    public List<Takeover> takeovers() {
        return List.copyOf(takeovers);
    }

    private void haTick() {
        if (stopped) {
            return;
        }
        long start = System.nanoTime();
        long previous = lastTickStart;
        lastTickStart = start;
        if (ticks.getAndIncrement() > 0) {
            long gap = start - previous;
            longestGapNanos = Math.max(longestGapNanos, gap);
            if (gap > cfg.heartbeat().toNanos() * 2) {
                lateTicks.incrementAndGet();
            }
        }
        try {
            leaseStep();
        } finally {
            slowestTickNanos = Math.max(slowestTickNanos, System.nanoTime() - start);
        }
    }

    private void leaseStep() {
        storeEvent(null);
        try {
            claimName(false);
        } catch (NameInUseException e) {
            if (lease != null) {
                stepDown("another run took the name " + cfg.name() + " after this one lapsed");
            }
            return;
        } catch (CoordinationException e) {
            // the lease step below meets the same store and decides
        } catch (RuntimeException e) {
            // keep the loop alive
        }
        Instant now = clock.instant();
        try {
            Optional<Coordination.Lease> got = coordination.acquire(cfg.name(), now, cfg.leaseTtl());
            if (got.isPresent() && lease == null) {
                becomeActive(got.get());
            } else if (got.isEmpty() && lease != null) {
                stepDown("lease lost to another server");
            } else if (got.isPresent()) {
                lease = got.get();
            }
        } catch (CoordinationException e) {
            Coordination.Lease l = lease;
            if (l != null && !now.isBefore(l.expires())) {
                stepDown("lease store unreachable and lease expired: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            // keep the loop alive
        }
    }

    /**
     * Takes over: stores the buffered cycles newer than the historian's newest sample, then
     * declares itself active. Runs on the lease thread, so it must not wait for the historian's
     * bulk work: {@link Historian#latest()} of {@link io.github.ccrhil.water.scada.historian.JdbcHistorian}
     * reads on its own connection, never behind an insert or a sync of the forwarder.
     */
    private void becomeActive(Coordination.Lease l) {
        synchronized (sinkLock) {
            Optional<Instant> last;
            try {
                last = historian.latest();
            } catch (HistorianException e) {
                last = Optional.empty();
            }
            List<List<Sample>> newer = new java.util.ArrayList<>();
            for (List<Sample> cycle : recent) {
                if (!cycle.isEmpty() && (last.isEmpty() || cycle.get(0).time().isAfter(last.get()))) {
                    newer.add(cycle);
                }
            }
            becameActive = clock.instant();
            takeovers.add(new Takeover(becameActive, l.epoch()));
            lease = l; // before the replay: the historian's fence lets the replayed cycles in only under this lease
            // The replay (up to bufferCycles whole scans: with a large farm, hundreds of megabytes to the spool and a disk
            // flush) runs on its own thread. On the lease thread it held up the renewals: on a busy host a takeover's
            // replay outlasted the lease, the partner took over and replayed in turn, and the lease changed hands
            // dozens of times (epoch 29 in one run) while the spools grew by hundreds of megabytes.
            Thread replay = new Thread(() -> {
                synchronized (sinkLock) {
                    spool.acceptAll(newer); // one write, one disk flush for all of them
                }
            }, "replay-" + cfg.name());
            replay.setDaemon(true);
            replay.start();
            int replayed = newer.size();
            Thread r = new Thread(() -> {
                try {
                    reconcile();
                } catch (CoordinationException | CommandException | RuntimeException e) {
                    // the next command tries again
                }
            }, "reconcile-" + cfg.name());
            r.setDaemon(true);
            r.start();
            // the PLCs with a fence refuse the previous active's writes from now on, even if it is only frozen;
            // a PLC out of reach is told at the next heartbeat, for as long as this lease lasts
            Thread f = new Thread(() -> {
                for (Coordination.Lease now = lease; !killed && now != null && now.epoch() == l.epoch(); now = lease) {
                    java.util.Map<String, String> failed = scanner.announceEpoch(l.epoch());
                    if (failed.isEmpty()) {
                        return;
                    }
                    fenceAnnounceFailures.addAndGet(failed.size()); // not journaled: a server being stopped fails here too
                    try {
                        Thread.sleep(cfg.heartbeat().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "fence-" + cfg.name());
            f.setDaemon(true);
            f.start();
            journal.record("FAILOVER", cfg.name(), "system", "active with lease epoch " + l.epoch() + "; " + replayed
                    + " buffered cycles after " + last.map(Instant::toString).orElse("(empty historian)") + " stored");
        }
    }

    private void stepDown(String why) {
        synchronized (sinkLock) {
            lease = null;
        }
        journal.record("FAILOVER", cfg.name(), "system", "standby: " + why);
    }

    private byte[] nextBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public boolean isActive() {
        return lease != null;
    }

    /** When this server last became active (null if never). */
    public Instant becameActive() {
        return becameActive;
    }

    /** Attempts to tell a PLC this server's new lease epoch that failed (link down); each is retried every heartbeat. */
    public long fenceAnnounceFailures() {
        return fenceAnnounceFailures.get();
    }

    private final java.util.concurrent.atomic.AtomicLong fenceAnnounceFailures = new java.util.concurrent.atomic.AtomicLong();

    public long epoch() {
        Coordination.Lease l = lease;
        return l == null ? 0 : l.epoch();
    }

    public String name() {
        return cfg.name();
    }

    public Config config() {
        return cfg;
    }

    public Scanner scanner() {
        return scanner;
    }

    public AlarmManager alarms() {
        return alarms;
    }

    public EventJournal journal() {
        return journal;
    }

    public Historian historian() {
        return historian;
    }

    public SpoolingHistorian spool() {
        return spool;
    }

    public long eventStoreErrors() {
        return eventStoreErrors.get();
    }

    /** The user whose bearer token this is. */
    public User authenticate(String token) throws CommandException {
        for (User u : cfg.users()) {
            if (u.matches(token)) {
                return u;
            }
        }
        throw new CommandException(CommandException.Kind.UNAUTHENTICATED, "unknown or missing bearer token");
    }

    /** Checks a role; records a refusal in the audit trail. */
    public void require(User u, Role role, String action) throws CommandException {
        if (!u.role().atLeast(role)) {
            audit("COMMAND_REFUSED", action, u.name(), "role " + u.role() + " may not " + action + " (needs " + role + ")");
            throw new CommandException(CommandException.Kind.FORBIDDEN, u.name() + " (" + u.role() + ") may not " + action
                    + ": needs " + role);
        }
    }

    /**
     * First step of a command: checks authority and range, and returns what will be done, to be
     * confirmed by the same user within the confirmation time.
     *
     * @param requestId the client's id of this command; the same id is never executed twice, by either server
     */
    public Pending prepare(User user, String plc, String point, double value, String requestId) throws CommandException {
        if (requestId == null || !requestId.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new IllegalArgumentException("requestId must be 1-100 letters, digits, '_', '.', ':', '-'");
        }
        if (!isActive()) {
            throw new CommandException(CommandException.Kind.STANDBY, cfg.name() + " is the standby: send commands to the active server");
        }
        PlcEndpoint ep = scanner.endpoint(plc);
        if (ep.points().point(point).isEmpty()) {
            throw new IllegalArgumentException("PLC " + plc + " has no point " + point);
        }
        Point p = ep.points().require(point);
        if (!p.access().writable()) {
            throw new IllegalArgumentException(plc + "." + point + " is read-only");
        }
        require(user, CommandAuthority.required(plc, point), "write " + plc + "." + point);
        if (!PlcEndpoint.accepts(p, value)) {
            audit("COMMAND_REFUSED", plc + "." + point, user.name(), "value " + value + " outside " + PlcEndpoint.range(p));
            throw new IllegalArgumentException(plc + "." + point + " accepts " + PlcEndpoint.range(p) + ", not " + value);
        }
        refuseReusedRequestId(user, plc + "." + point, value, requestId);
        Sample now = scanner.current(ep.tag(point));
        double old = now == null ? Double.NaN : now.value();
        String id = HexFormat.of().formatHex(nextBytes(12));
        String summary = plc + "." + point + " " + number(old) + " -> " + number(value) + " " + p.unit();
        Pending pd = new Pending(id, requestId, user.name(), plc, point, old, value, clock.instant().plus(cfg.confirmTtl()), summary);
        synchronized (pending) {
            pending.put(id, pd);
        }
        audit("COMMAND_PREPARED", plc + "." + point, user.name(), summary + " [request " + requestId + "]");
        return pd;
    }

    /** A value as people write it: 0.7000000000000001 is 0.7, NaN is "unknown". */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "unknown";
        }
        if (Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    /**
     * A request id names one command: the same id with another target or value is refused here, at
     * prepare, not answered DUPLICATE later with the other command's detail. Checked against the
     * commands waiting for confirmation and the pair's command log.
     */
    private void refuseReusedRequestId(User user, String target, double value, String requestId) throws CommandException {
        String mine = target + " -> " + number(value);
        String other = null;
        synchronized (pending) {
            for (Pending pd : pending.values()) {
                if (pd.requestId().equals(requestId) && !(pd.plc() + "." + pd.point() + " -> " + number(pd.value())).equals(mine)) {
                    other = pd.summary();
                }
            }
        }
        if (other == null) {
            try {
                Optional<String> logged = coordination.commandSummary(requestId);
                if (logged.isPresent() && !sameCommand(logged.get(), target, value)) {
                    other = logged.get();
                }
            } catch (CoordinationException e) {
                throw new CommandException(CommandException.Kind.STANDBY, "coordination store unreachable: " + e.getMessage());
            }
        }
        if (other != null) {
            audit("COMMAND_REFUSED", target, user.name(), "request " + requestId + " already names another command: " + other);
            throw new IllegalArgumentException("requestId " + requestId + " already names another command (" + other
                    + "): use a new requestId for a new command");
        }
    }

    /** Whether a logged summary "PLC.point old -> new unit" is the command target -> value. */
    private static boolean sameCommand(String summary, String target, double value) {
        if (!summary.startsWith(target + " ")) {
            return false;
        }
        int arrow = summary.indexOf(" -> ");
        if (arrow < 0) {
            return false;
        }
        String rest = summary.substring(arrow + 4);
        String logged = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
        try {
            return Double.parseDouble(logged) == Double.parseDouble(number(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The commands prepared and waiting for their confirmation (expired ones left out). */
    public List<Pending> pending() {
        Instant now = clock.instant();
        synchronized (pending) {
            return pending.values().stream().filter(pd -> !now.isAfter(pd.expires())).toList();
        }
    }

    /** Second step: the same user confirms; the command is executed once. */
    public CommandResult confirm(User user, String confirmationId) throws CommandException {
        Pending pd;
        synchronized (pending) {
            pd = pending.remove(confirmationId);
        }
        if (pd == null) {
            // a confirmation used before, expired and gone, or never issued: a replay is an attempt like any other
            audit("COMMAND_REFUSED", "confirmation " + shortId(confirmationId), user.name(),
                    "no pending command with this confirmation id (already confirmed, expired or never prepared)");
            throw new CommandException(CommandException.Kind.NOT_FOUND, "no pending command " + confirmationId);
        }
        synchronized (pending) {
            Pending again = afterConfirm.apply(pd);
            if (again != null) {
                pending.put(confirmationId, again);
            }
        }
        String target = pd.plc() + "." + pd.point();
        if (!pd.user().equals(user.name())) {
            synchronized (pending) {
                pending.put(confirmationId, pd);
            }
            audit("COMMAND_REFUSED", target, user.name(), "may not confirm a command prepared by " + pd.user());
            throw new CommandException(CommandException.Kind.FORBIDDEN, "only " + pd.user() + " may confirm this command");
        }
        if (clock.instant().isAfter(pd.expires())) {
            audit("COMMAND_EXPIRED", target, user.name(), pd.summary());
            throw new CommandException(CommandException.Kind.EXPIRED, "confirmation came after " + cfg.confirmTtl());
        }
        Coordination.Lease l = lease;
        if (l == null) {
            throw new CommandException(CommandException.Kind.STANDBY, cfg.name() + " is the standby: send commands to the active server");
        }
        try {
            // fence: still the lease holder right now?
            Optional<Coordination.Lease> still = coordination.acquire(cfg.name(), clock.instant(), cfg.leaseTtl());
            if (still.isEmpty() || still.get().epoch() != l.epoch()) {
                stepDown("lease lost before executing a command");
                throw new CommandException(CommandException.Kind.STANDBY, "lease lost: command not executed");
            }
            reconcile();
            if (!coordination.claimCommand(pd.requestId(), cfg.name(), l.epoch(), pd.summary(), clock.instant())) {
                String before = coordination.commandOutcome(pd.requestId()).orElse("unknown");
                audit("COMMAND_DUPLICATE", target, user.name(), "request " + pd.requestId() + " already handled: " + before);
                return new CommandResult(pd.requestId(), "DUPLICATE", "already handled: " + before);
            }
        } catch (CoordinationException e) {
            throw new CommandException(CommandException.Kind.STANDBY, "coordination store unreachable: " + e.getMessage());
        }
        step(CommandStep.INTENT_RECORDED);
        CommandResult result;
        try {
            scanner.write(pd.plc(), pd.point(), pd.value(), epoch());
            step(CommandStep.WRITTEN);
            result = new CommandResult(pd.requestId(), "EXECUTED", pd.summary());
            audit("COMMAND_EXECUTED", target, user.name(), pd.summary() + " [request " + pd.requestId() + "]");
        } catch (ModbusExceptionResponse e) {
            result = new CommandResult(pd.requestId(), "REFUSED", e.getMessage());
            audit("COMMAND_REFUSED", target, user.name(), "PLC refused: " + e.getMessage());
        } catch (LinkException e) {
            result = new CommandResult(pd.requestId(), "FAILED", e.getMessage());
            audit("COMMAND_FAILED", target, user.name(), "link: " + e.getMessage());
        }
        try {
            coordination.completeCommand(pd.requestId(), result.status() + ": " + result.detail());
        } catch (CoordinationException e) {
            audit("COMMAND_FAILED", target, "system", "outcome not recorded in the command log: " + e.getMessage());
        }
        return result;
    }

    /** At most 40 printable characters of a client's id, for the journal (a client chooses what it sends). */
    private static String shortId(String id) {
        String clean = id == null ? "" : id.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }

    /**
     * Records a command attempt that carried no valid bearer token (the API calls it for every
     * request that would change something): refused before any user is known.
     *
     * @param action what was attempted, e.g. "POST /api/commands"
     * @param from   the client's address
     */
    public void refuseUnauthenticated(String action, String from) {
        audit("COMMAND_REFUSED", action.length() > 120 ? action.substring(0, 120) + "..." : action, UNAUTHENTICATED,
                "no valid bearer token (from " + from + ")");
    }

    /** Records that the API now refuses an address for a while: it reached the limit of failed logins. */
    public void recordLoginThrottled(String from, int failures, Duration window) {
        audit("LOGIN_THROTTLED", "api", UNAUTHENTICATED, failures + " failed logins from " + from + " within " + window
                + ": its requests are refused (429) until the first of them is " + window + " old");
    }

    /** The journal's user name of a request without a valid token. */
    public static final String UNAUTHENTICATED = "(unauthenticated)";

    private volatile java.util.function.UnaryOperator<Pending> afterConfirm = pd -> null;

    /**
     * For the acceptance suite's defective variants only: what a confirmation leaves waiting under
     * its id once used. The server as delivered leaves nothing (null): each confirmation id is good
     * for one use, and a replay is refused and journaled.
     */
    public void onConfirmed(java.util.function.UnaryOperator<Pending> leftPending) {
        this.afterConfirm = Objects.requireNonNull(leftPending);
    }

    /** The points of a command's execution where a test may pause or kill the server. */
    public enum CommandStep { INTENT_RECORDED, WRITTEN }

    private volatile java.util.function.Consumer<CommandStep> commandHook = step -> { };

    /** For tests: called at each {@link CommandStep} of every command (on the operator's thread). */
    public void onCommandStep(java.util.function.Consumer<CommandStep> hook) {
        this.commandHook = Objects.requireNonNull(hook);
    }

    /** Runs the hook; a server killed meanwhile goes no further, as a dead process would not. */
    private void step(CommandStep s) throws CommandException {
        commandHook.accept(s);
        if (killed) {
            throw new CommandException(CommandException.Kind.STANDBY, cfg.name() + " stopped at " + s);
        }
    }

    private final Object reconcileLock = new Object();
    private volatile long reconciledEpoch;

    /**
     * Closes what a dead active left open: every command whose intent is in the log without an
     * outcome, from an earlier epoch. Its server died between recording the intent and recording
     * the outcome, before or after its write reached the PLC. A fresh scan (one started after this
     * server became active) of the point tells which: if the PLC holds the commanded value the write
     * happened and is recorded EXECUTED; if not, it never reached the PLC and is written now, once.
     * Runs once per epoch, before this server answers its first command.
     */
    private void reconcile() throws CoordinationException, CommandException {
        Coordination.Lease l = lease;
        if (l == null || reconciledEpoch == l.epoch()) {
            return;
        }
        synchronized (reconcileLock) {
            if (reconciledEpoch == l.epoch()) {
                return;
            }
            List<Coordination.OpenCommand> open = new java.util.ArrayList<>();
            for (Coordination.OpenCommand oc : coordination.openCommands()) {
                if (oc.epoch() < l.epoch()) {
                    open.add(oc);
                }
            }
            if (!open.isEmpty()) {
                awaitFreshScan();
            }
            for (Coordination.OpenCommand oc : open) {
                reconcileOne(oc);
            }
            reconciledEpoch = l.epoch();
        }
    }

    private void awaitFreshScan() throws CommandException {
        Instant since = becameActive;
        long end = System.nanoTime() + cfg.scanPeriod().multipliedBy(4).plus(cfg.plcTimeout()).toNanos();
        while (true) {
            boolean fresh = true;
            for (Sample x : scanner.current().values()) {
                if (since != null && x.time().isBefore(since)) {
                    fresh = false;
                    break;
                }
            }
            if (fresh) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new CommandException(CommandException.Kind.STANDBY, "no fresh scan to reconcile open commands with; try again");
            }
            try {
                Thread.sleep(Math.max(1, cfg.scanPeriod().toMillis() / 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandException(CommandException.Kind.STANDBY, "interrupted while reconciling");
            }
        }
    }

    private void reconcileOne(Coordination.OpenCommand oc) throws CoordinationException {
        String summary = oc.summary();
        int space = summary.indexOf(' ');
        int arrow = summary.indexOf(" -> ");
        String target = space < 0 ? summary : summary.substring(0, space);
        int dot = target.indexOf('.');
        String outcome;
        try {
            if (dot < 1 || arrow < 0) {
                throw new IllegalArgumentException("cannot read the command " + summary);
            }
            String plc = target.substring(0, dot);
            String point = target.substring(dot + 1);
            String rest = summary.substring(arrow + 4);
            double value = Double.parseDouble(rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest);
            Point p = scanner.endpoint(plc).points().require(point);
            Sample now = scanner.current(target);
            double tolerance = Math.max(1e-9, Math.abs(p.effectiveScale()) / 2);
            if (now != null && !Double.isNaN(now.value()) && Math.abs(now.value() - value) <= tolerance) {
                outcome = "EXECUTED: " + summary + " (reconciled by " + cfg.name() + ": " + oc.server() + " died after its write; the PLC holds the value)";
            } else {
                scanner.write(plc, point, value, epoch());
                outcome = "EXECUTED: " + summary + " (reconciled by " + cfg.name() + ": " + oc.server() + " died before its write; written now)";
            }
            audit("COMMAND_EXECUTED", target, "system", outcome + " [request " + oc.requestId() + "]");
        } catch (LinkException | RuntimeException e) {
            outcome = "FAILED: " + summary + " (reconciled by " + cfg.name() + ": " + e.getMessage() + ")";
            audit("COMMAND_FAILED", target, "system", outcome + " [request " + oc.requestId() + "]");
        }
        coordination.completeCommand(oc.requestId(), outcome);
    }

    /** Simulates the server dying: threads stop, nothing is released or flushed. */
    public void kill() {
        stopped = true;
        ha.shutdown(); // no interrupt (see below); the tick checks stopped
        killed = true;
        journalWriter.shutdown(); // no interrupt: H2 closes its file when a thread using it is interrupted
        scanner.close();
        synchronized (sinkLock) {
            lease = null;
        }
        spool.abandon();
        historian.close();
        coordination.close();
    }

    /** Orderly stop: releases the lease (the partner takes over at once) and forwards the spool. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        // no interrupt (H2 closes its file when a thread using it is interrupted), and wait for a tick
        // in progress: one that renewed the lease after the release below would hold it for a lease time
        ha.shutdown();
        try {
            ha.awaitTermination(cfg.leaseTtl().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scanner.close();
        boolean wasActive = lease != null;
        synchronized (sinkLock) {
            lease = null;
        }
        if (wasActive) {
            try {
                coordination.release(cfg.name());
            } catch (CoordinationException ignored) {
                // the lease expires on its own
            }
        }
        try {
            coordination.releaseName(cfg.name(), journal.boot());
        } catch (CoordinationException ignored) {
            // the claim expires on its own
        }
        journalWriter.execute(this::drainEvents);
        journalWriter.shutdown();
        try {
            journalWriter.awaitTermination(5, TimeUnit.SECONDS);
            spool.flush(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
        historian.close();
        coordination.close();
    }
}
