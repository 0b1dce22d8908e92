package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.tcp.ConnectionLimits;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An emulated Modbus TCP gateway, as an airfield lighting control system meets one in a vault: one
 * TCP port ({@link ModbusTcpServer#gateway}) with several CCRs behind it, each at its unit id
 * ({@link #attach}). It takes up to {@code concurrent} transactions at once (its paths; the longest
 * waiter gets the next free one) and hands each request to the device at its unit id, as a real
 * gateway forwards it to its target. Where a real gateway answers for a device that does not, this
 * one does too:
 * <ul>
 *   <li><b>0x0A</b> (gateway path unavailable): no device at that unit id (none configured, or not
 *       attached now), or no free path within the gateway's response timeout (overloaded);</li>
 *   <li><b>0x0B</b> (gateway target device failed to respond): the device at that unit id did not
 *       answer within the response timeout. A request still queued for it then is withdrawn, as a
 *       gateway that has given up does not send it late; one the device had already begun runs to
 *       its end, its answer discarded.</li>
 * </ul>
 * Each device behind it answers one request at a time (its own thread, as a target on its own line),
 * so a silent device holds only its own requests, never another unit's, and a path only until the
 * timeout. A request PDU that is no request (empty, or a function code with bit 7 set) is dropped and
 * counted, as by a device.
 */
public final class EmulatedGateway implements AutoCloseable {

    /** A device behind the gateway: its server core, answering one request at a time in its own thread. */
    private record Target(ModbusServerCore core, ExecutorService line) { }

    /** What the gateway did so far. */
    public record Counts(long transactions, long waitedForAPath, int mostAtOnce, long pathUnavailable, long targetFailedToRespond) { }

    private final String name;
    private final int concurrent;
    private final Duration responseTimeout;
    private final Semaphore paths;
    private final ConcurrentSkipListMap<Integer, Target> units = new ConcurrentSkipListMap<>();
    private final ServerCounters counters = new ServerCounters();
    private final ModbusTcpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong waited = new AtomicLong();
    private final AtomicLong pathUnavailable = new AtomicLong();
    private final AtomicLong targetFailed = new AtomicLong();

    private EmulatedGateway(String name, int concurrent, Duration responseTimeout) throws IOException {
        if (concurrent < 1) {
            throw new IllegalArgumentException("a gateway takes at least 1 transaction at once, was " + concurrent);
        }
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("response timeout must be positive, was " + responseTimeout);
        }
        this.name = name;
        this.concurrent = concurrent;
        this.responseTimeout = responseTimeout;
        this.paths = new Semaphore(concurrent, true);
        this.server = ModbusTcpServer.gateway(this::route, counters, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ConnectionLimits.defaults());
    }

    /**
     * Starts a gateway on a free loopback port.
     *
     * @param name what the fleet file calls it (its {@code tcp:host:port}), for the records
     * @param concurrent transactions it takes at once
     * @param responseTimeout how long it waits for a free path and its target's answer, in all, before it answers 0x0A or 0x0B
     */
    public static EmulatedGateway start(String name, int concurrent, Duration responseTimeout) throws IOException {
        return new EmulatedGateway(name, concurrent, responseTimeout);
    }

    /** Where it listens (loopback). */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    public String name() {
        return name;
    }

    public int concurrent() {
        return concurrent;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    /**
     * Puts a device behind the gateway at {@code unit} (replacing the one there before, if any).
     *
     * @param unit 1..247
     */
    public void attach(int unit, ModbusServerCore core) {
        if (unit < 1 || unit > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, was " + unit);
        }
        Target t = new Target(java.util.Objects.requireNonNull(core, "core"), Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "gateway " + name + " unit " + unit);
            th.setDaemon(true);
            return th;
        }));
        Target before = units.put(unit, t);
        if (before != null) {
            before.line().shutdownNow();
        }
    }

    /** Takes the device at {@code unit} away: its requests are answered 0x0A from now on. */
    public void detach(int unit) {
        Target t = units.remove(unit);
        if (t != null) {
            t.line().shutdownNow(); // a device stuck in a request is woken; its answer goes nowhere
        }
    }

    /** The unit ids with a device behind the gateway now. */
    public Set<Integer> units() {
        return Set.copyOf(units.keySet());
    }

    /** Requests waiting for a free path now. */
    public int waiting() {
        return waiting.get();
    }

    public Counts counts() {
        return new Counts(transactions.get(), waited.get(), mostAtOnce.get(), pathUnavailable.get(), targetFailed.get());
    }

    /** The gateway's own counters (connections, dropped frames). */
    public ServerCounters counters() {
        return counters;
    }

    private Optional<byte[]> route(int unit, byte[] pdu) {
        if (pdu.length == 0 || (pdu[0] & 0x80) != 0) {
            counters.countMalformedFrames(); // no request, for whichever unit: dropped, as a device drops it
            return Optional.empty();
        }
        transactions.incrementAndGet();
        Target target = units.get(unit);
        if (target == null) {
            return gatewayAnswer(pdu, ExceptionCode.GATEWAY_PATH_UNAVAILABLE, pathUnavailable);
        }
        long deadline = System.nanoTime() + responseTimeout.toNanos();
        waiting.incrementAndGet();
        boolean got;
        try {
            got = paths.tryAcquire(0, TimeUnit.NANOSECONDS); // not tryAcquire(): that one barges past the waiters
            if (!got) {
                waited.incrementAndGet();
                got = paths.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
            return Optional.empty();
        } finally {
            waiting.decrementAndGet();
        }
        if (!got) {
            return gatewayAnswer(pdu, ExceptionCode.GATEWAY_PATH_UNAVAILABLE, pathUnavailable);
        }
        try {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Future<Optional<byte[]>> answer;
            try {
                answer = target.line().submit(() -> target.core().process(pdu));
            } catch (RejectedExecutionException e) {
                return gatewayAnswer(pdu, ExceptionCode.GATEWAY_PATH_UNAVAILABLE, pathUnavailable); // detached meanwhile
            }
            try {
                return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                answer.cancel(false); // still queued: never sent late; already begun: its answer is discarded
                return gatewayAnswer(pdu, ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND, targetFailed);
            } catch (java.util.concurrent.CancellationException | ExecutionException e) {
                return gatewayAnswer(pdu, ExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND, targetFailed); // detached while it waited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.cancel(false);
                return Optional.empty();
            }
        } finally {
            inFlight.decrementAndGet();
            paths.release();
        }
    }

    private Optional<byte[]> gatewayAnswer(byte[] pdu, ExceptionCode code, AtomicLong count) {
        count.incrementAndGet();
        counters.countExceptionResponses();
        return Optional.of(new byte[] {(byte) (pdu[0] | 0x80), (byte) code.code()});
    }

    /** One line for the records: where, how many at once, what it did. */
    public String describe() {
        Counts c = counts();
        return "gateway " + name + " at tcp:127.0.0.1:" + server.port() + ": " + c.transactions() + " transactions, "
                + c.waitedForAPath() + " waited for a path, at most " + c.mostAtOnce() + " at once (takes " + concurrent + "), "
                + c.pathUnavailable() + " answered 0x0A, " + c.targetFailedToRespond() + " answered 0x0B";
    }

    @Override
    public void close() {
        server.close();
        units.values().forEach(t -> t.line().shutdownNow());
        units.clear();
    }
}
