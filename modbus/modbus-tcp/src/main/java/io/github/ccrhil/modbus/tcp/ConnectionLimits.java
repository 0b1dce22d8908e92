package io.github.ccrhil.modbus.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ModbusTcpServer} grants its clients (IEC 62443-4-2 CR 7: resource availability).
 * The defaults keep a legitimate master served while other peers hold idle, half-open or
 * flooding connections: an idle connection is reclaimed for a new client, a started frame must
 * finish promptly, and one connection cannot take the device for itself.
 *
 * @param allowedClients address blocks that may connect; empty: any address (others are closed
 *        at once and counted as not allowed)
 * @param maxConnections connections served at once, 1..1024
 * @param idleTimeout a connection with no request for this long is closed
 * @param frameTimeout an MBAP frame, once its first byte has arrived, must be complete within this
 *        (a half-sent header cannot hold a connection)
 * @param reclaimIdleAfter at the connection limit, a new client takes the place of the connection
 *        idle longest, if that one has been idle at least this long; empty: a new client over the
 *        limit is refused
 * @param maxRequestsPerSecond requests one connection may have served per second (a burst of as
 *        many is allowed); beyond it the server stops reading that connection for a while, so its
 *        requests wait in TCP, counted as throttled; 0: unlimited
 */
public record ConnectionLimits(List<AddressRange> allowedClients, int maxConnections, Duration idleTimeout,
                               Duration frameTimeout, Optional<Duration> reclaimIdleAfter, int maxRequestsPerSecond) {

    /** The connection limit of every server built without limits. */
    public static final int DEFAULT_MAX_CONNECTIONS = 32;

    public ConnectionLimits {
        allowedClients = List.copyOf(allowedClients);
        if (maxConnections < 1 || maxConnections > 1024) {
            throw new IllegalArgumentException("maxConnections must be 1..1024, was " + maxConnections);
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(frameTimeout, "frameTimeout");
        Objects.requireNonNull(reclaimIdleAfter, "reclaimIdleAfter");
        reclaimIdleAfter.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("reclaimIdleAfter must not be negative, was " + d);
            }
        });
        if (maxRequestsPerSecond < 0) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be >= 0, was " + maxRequestsPerSecond);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(name + " must be in (0, 1 day], was " + d);
        }
    }

    /**
     * Any address; 32 connections; idle 60 s; a frame within 2 s; an idle connection (1 s
     * without a request) reclaimed for a new client at the limit; no request-rate limit.
     *
     * <p>No rate limit by default, because the same server carries the hardware-in-the-loop link
     * to the power stage, which legitimately runs thousands of requests a second when the
     * simulation runs faster than real time; a flooding connection still cannot starve the
     * master, since the {@link io.github.ccrhil.modbus.server.ModbusServerCore} serves waiting
     * requests first come, first served. A remote-interface server that faces a network sets
     * one with {@link #withMaxRequestsPerSecond(int)} ({@link #REMOTE_INTERFACE_RATE} is a
     * master polling every millisecond).
     */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(List.of(), DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(60), Duration.ofSeconds(2),
                Optional.of(Duration.ofSeconds(1)), 0);
    }

    /** A request rate no polling master needs more of: one request per millisecond. */
    public static final int REMOTE_INTERFACE_RATE = 1000;

    public ConnectionLimits withAllowedClients(List<AddressRange> ranges) {
        return new ConnectionLimits(ranges, maxConnections, idleTimeout, frameTimeout, reclaimIdleAfter, maxRequestsPerSecond);
    }

    public ConnectionLimits withMaxConnections(int n) {
        return new ConnectionLimits(allowedClients, n, idleTimeout, frameTimeout, reclaimIdleAfter, maxRequestsPerSecond);
    }

    public ConnectionLimits withIdleTimeout(Duration d) {
        return new ConnectionLimits(allowedClients, maxConnections, d, frameTimeout, reclaimIdleAfter, maxRequestsPerSecond);
    }

    public ConnectionLimits withFrameTimeout(Duration d) {
        return new ConnectionLimits(allowedClients, maxConnections, idleTimeout, d, reclaimIdleAfter, maxRequestsPerSecond);
    }

    public ConnectionLimits withReclaimIdleAfter(Optional<Duration> d) {
        return new ConnectionLimits(allowedClients, maxConnections, idleTimeout, frameTimeout, d, maxRequestsPerSecond);
    }

    public ConnectionLimits withMaxRequestsPerSecond(int n) {
        return new ConnectionLimits(allowedClients, maxConnections, idleTimeout, frameTimeout, reclaimIdleAfter, n);
    }

    /** Whether a client at {@code address} may connect. */
    public boolean allows(InetAddress address) {
        if (allowedClients.isEmpty()) {
            return true;
        }
        for (AddressRange r : allowedClients) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
