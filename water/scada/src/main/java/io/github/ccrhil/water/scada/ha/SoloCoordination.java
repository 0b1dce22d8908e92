package io.github.ccrhil.water.scada.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A server without a partner: always holds the lease; commands deduplicated in memory. */
public final class SoloCoordination implements Coordination {
    private final Map<String, String> commands = new LinkedHashMap<>();
    private final Map<String, String> summaries = new LinkedHashMap<>();
    private Lease lease;

    @Override
    public synchronized Optional<Lease> acquire(String server, Instant now, Duration ttl) {
        if (lease == null || !lease.holder().equals(server)) {
            lease = new Lease(server, lease == null ? 1 : lease.epoch() + 1, now.plus(ttl));
        } else {
            lease = new Lease(server, lease.epoch(), now.plus(ttl));
        }
        return Optional.of(lease);
    }

    @Override
    public synchronized void release(String server) {
    }

    @Override
    public synchronized Optional<Lease> current() {
        return Optional.ofNullable(lease);
    }

    @Override
    public synchronized boolean claimCommand(String requestId, String server, long epoch, String summary, Instant at) {
        if (commands.putIfAbsent(requestId, "in progress") != null) {
            return false;
        }
        summaries.put(requestId, summary);
        return true;
    }

    @Override
    public synchronized Optional<String> commandSummary(String requestId) {
        return Optional.ofNullable(summaries.get(requestId));
    }

    @Override
    public synchronized void completeCommand(String requestId, String outcome) {
        commands.put(requestId, outcome);
    }

    @Override
    public synchronized Optional<String> commandOutcome(String requestId) {
        return Optional.ofNullable(commands.get(requestId));
    }

    @Override
    public void close() {
    }
}
