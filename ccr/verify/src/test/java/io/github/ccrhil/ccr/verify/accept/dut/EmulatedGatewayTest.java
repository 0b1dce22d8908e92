package io.github.ccrhil.ccr.verify.accept.dut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.RequestHandler;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The emulated Modbus TCP gateway as an airfield lighting control system sees one: one port, CCRs
 * behind it at their unit ids, up to N transactions at once handed out in arrival order, and the
 * gateway's own exceptions for a unit that is not there (0x0A) or does not answer (0x0B). The devices
 * behind it here are small in-process register maps (the fleet tests put emulated CCRs there).
 */
@Timeout(60)
class EmulatedGatewayTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        clients.shutdownNow();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private EmulatedGateway gateway(int concurrent, Duration responseTimeout) throws Exception {
        EmulatedGateway g = EmulatedGateway.start("tcp:gateway-test:502", concurrent, responseTimeout);
        closing.add(g);
        return g;
    }

    private ModbusTcpClient client(EmulatedGateway g) {
        ModbusTcpClient c = new ModbusTcpClient(g.address(), CLIENT_TIMEOUT);
        closing.add(c);
        return c;
    }

    /** A device whose holding register 0 reads as its unit id, doing {@code during} inside each read. */
    private static ModbusServerCore device(int unit, Runnable during) {
        return new ModbusServerCore(new RequestHandler() {
            @Override
            public int[] readHoldingRegisters(int address, int quantity) {
                during.run();
                int[] v = new int[quantity];
                v[0] = unit;
                return v;
            }
        });
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void aGatewayAnswersEachUnitFromItsOwnDeviceUpToNAtOnceAndNeverMore() throws Exception {
        int n = 2;
        EmulatedGateway g = gateway(n, Duration.ofSeconds(10));
        // each device holds its request until more than N are inside the gateway's devices at once (never,
        // if the gateway keeps its bound) or 40 ms have passed: a gateway taking more than N would show here
        Object inside = new Object();
        int[] now = {0};
        AtomicInteger most = new AtomicInteger();
        Runnable hold = () -> {
            synchronized (inside) {
                now[0]++;
                most.accumulateAndGet(now[0], Math::max);
                inside.notifyAll();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
                try {
                    while (now[0] <= n && end - System.nanoTime() > 0) {
                        inside.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    now[0]--;
                }
            }
        };
        for (int u = 1; u <= 4; u++) {
            g.attach(u, device(u, hold));
        }
        List<Future<Integer>> answered = new ArrayList<>();
        for (int u = 1; u <= 4; u++) {
            int unit = u;
            ModbusTcpClient c = client(g);
            answered.add(clients.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 10; i++) {
                    assertArrayEquals(new int[] {unit}, c.readHoldingRegisters(unit, 0, 1), "unit " + unit + " answered by its own device");
                    ok++;
                }
                return ok;
            }));
        }
        for (Future<Integer> f : answered) {
            assertEquals(10, f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(n, most.get(), "the devices behind the gateway saw N transactions at once, never more");
        EmulatedGateway.Counts counts = g.counts();
        assertEquals(n, counts.mostAtOnce(), g.describe());
        assertEquals(40, counts.transactions(), g.describe());
        assertTrue(counts.waitedForAPath() > 0, "with four clients for two paths some waited: " + g.describe());
        assertEquals(0, counts.pathUnavailable() + counts.targetFailedToRespond(), g.describe());
    }

    @Test
    void theLongestWaitingRequestGetsTheNextFreePathSoAFastClientCannotCrowdOutTheOthers() throws Exception {
        EmulatedGateway g = gateway(1, Duration.ofSeconds(10));
        List<Integer> served = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger firstOfUnit1 = new AtomicInteger();
        g.attach(1, device(1, () -> {
            served.add(1);
            if (firstOfUnit1.getAndIncrement() == 0) {
                try {
                    release.await(20, TimeUnit.SECONDS); // holds the gateway's one path
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        for (int u = 2; u <= 4; u++) {
            int unit = u;
            g.attach(u, device(u, () -> served.add(unit)));
        }
        ModbusTcpClient fast = client(g);
        Future<?> unit1 = clients.submit(() -> {
            for (int i = 0; i < 4; i++) {
                fast.readHoldingRegisters(1, 0, 1); // as soon as one is answered, the next
            }
            return null;
        });
        await(() -> served.size() == 1, Duration.ofSeconds(10), "unit 1's first request holds the path");
        List<Future<?>> others = new ArrayList<>();
        for (int u = 2; u <= 4; u++) {
            int unit = u;
            ModbusTcpClient c = client(g);
            others.add(clients.submit(() -> c.readHoldingRegisters(unit, 0, 1)));
            await(() -> g.waiting() == unit - 1, Duration.ofSeconds(10), "unit " + unit + "'s request waits for the path");
        }
        release.countDown();
        unit1.get(20, TimeUnit.SECONDS);
        for (Future<?> f : others) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 2, 3, 4, 1, 1, 1), served, "in arrival order: units 2, 3 and 4 before unit 1's next requests");
    }

    @Test
    void aUnitWithNoDeviceBehindTheGatewayIsAnsweredPathUnavailable() throws Exception {
        EmulatedGateway g = gateway(2, Duration.ofSeconds(2));
        g.attach(1, device(1, () -> { }));
        ModbusTcpClient c = client(g);
        assertArrayEquals(new int[] {1}, c.readHoldingRegisters(1, 0, 1));
        ModbusExceptionResponse none = assertThrows(ModbusExceptionResponse.class, () -> c.readHoldingRegisters(9, 0, 1));
        assertEquals(0x0A, none.exceptionCode(), none.getMessage());
        assertTrue(none.fromGateway());
        g.detach(1);
        ModbusExceptionResponse gone = assertThrows(ModbusExceptionResponse.class, () -> c.readHoldingRegisters(1, 0, 1));
        assertEquals(0x0A, gone.exceptionCode(), "a unit taken away: " + gone.getMessage());
        assertEquals(2, g.counts().pathUnavailable(), g.describe());
    }

    @Test
    void aSilentUnitIsAnsweredTargetFailedToRespondWhileItsNeighboursAreAnswered() throws Exception {
        Duration responseTimeout = Duration.ofMillis(300);
        EmulatedGateway g = gateway(2, responseTimeout);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        g.attach(1, new ModbusServerCore(new RequestHandler() {
            private boolean first = true;

            @Override
            public int[] readHoldingRegisters(int address, int quantity) {
                if (first) {
                    first = false;
                    try {
                        wake.await(20, TimeUnit.SECONDS); // the CCR stops answering
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new int[quantity];
            }

            @Override
            public void writeRegisters(int address, int[] values) {
                writes.incrementAndGet();
            }
        }));
        g.attach(2, device(2, () -> { }));
        ModbusTcpClient silent = client(g);
        ModbusTcpClient neighbour = client(g);
        long t0 = System.nanoTime();
        Future<ModbusExceptionResponse> stuck = clients.submit(() -> assertThrows(ModbusExceptionResponse.class,
                () -> silent.readHoldingRegisters(1, 0, 1)));
        await(() -> g.counts().transactions() == 1, Duration.ofSeconds(10), "the silent unit's request is in");
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(new int[] {2}, neighbour.readHoldingRegisters(2, 0, 1), "the neighbour is answered meanwhile");
        }
        ModbusExceptionResponse e = stuck.get(10, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(0x0B, e.exceptionCode(), e.getMessage());
        assertTrue(e.fromGateway());
        assertTrue(tookMs >= responseTimeout.toMillis() && tookMs < CLIENT_TIMEOUT.toMillis(),
                "0x0B after the gateway's timeout, before the client's: " + tookMs + " ms");
        // a write queued behind the stuck request is answered 0x0B too, and never reaches the CCR late
        ModbusExceptionResponse w = assertThrows(ModbusExceptionResponse.class, () -> silent.writeSingleRegister(1, 0, 3));
        assertEquals(0x0B, w.exceptionCode(), w.getMessage());
        wake.countDown();
        // the unit's device answers in order: once this read is answered, a late write would have run before it
        assertArrayEquals(new int[] {0}, silent.readHoldingRegisters(1, 0, 1));
        assertEquals(0, writes.get(), "the write the gateway gave up on was never executed");
        assertEquals(2, g.counts().targetFailedToRespond(), g.describe());
    }

    @Test
    void theVerifierTakesTheGatewaysAnswerForASilenceNotForARefusal() throws Exception {
        EmulatedGateway g = gateway(1, Duration.ofMillis(200));
        CountDownLatch wake = new CountDownLatch(1);
        closing.add(wake::countDown);
        g.attach(1, new ModbusServerCore(new RequestHandler() {
            @Override
            public void writeRegisters(int address, int[] values) {
                try {
                    wake.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        ModbusRemote remote = new ModbusRemote(client(g), CcrProfiles.referenceCcr().withUnitId(1), "tcp:gateway-test:502 unit 1");
        DutException e = assertThrows(DutException.class, () -> remote.selectStep(3),
                "a gateway's 0x0B is no refusal of the step by the CCR: the CCR said nothing");
        assertTrue(e.getMessage().contains("did not answer (command_step)") && e.getMessage().contains("exception 11"), e.getMessage());
        ModbusRemote nobody = new ModbusRemote(client(g), CcrProfiles.referenceCcr().withUnitId(7), "tcp:gateway-test:502 unit 7");
        DutException none = assertThrows(DutException.class, () -> nobody.selectStep(3));
        assertTrue(none.getMessage().contains("exception 10"), none.getMessage());
    }
}
