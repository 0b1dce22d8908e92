package io.github.ccrhil.modbus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Devices on one RS-485 bus: the line carries one transaction at a time, and every device gets its turns. */
class SharedLineClientTest {

    /** A device's link that counts how many transactions are on the wire at once. */
    static class Wire implements ModbusClient {
        final AtomicInteger onTheWire;
        final AtomicInteger most;

        Wire(AtomicInteger onTheWire, AtomicInteger most) {
            this.onTheWire = onTheWire;
            this.most = most;
        }

        int[] transaction() {
            int now = onTheWire.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            for (int i = 0; i < 200; i++) {
                Thread.onSpinWait();
            }
            onTheWire.decrementAndGet();
            return new int[] {now};
        }

        public boolean[] readCoils(int u, int a, int q) { transaction(); return new boolean[q]; }
        public boolean[] readDiscreteInputs(int u, int a, int q) { transaction(); return new boolean[q]; }
        public int[] readHoldingRegisters(int u, int a, int q) { return transaction(); }
        public int[] readInputRegisters(int u, int a, int q) { return transaction(); }
        public void writeSingleCoil(int u, int a, boolean v) { transaction(); }
        public void writeSingleRegister(int u, int a, int v) { transaction(); }
        public void writeMultipleCoils(int u, int a, boolean[] v) { transaction(); }
        public void writeMultipleRegisters(int u, int a, int[] v) { transaction(); }
        public int[] readWriteMultipleRegisters(int u, int r, int q, int w, int[] v) { return transaction(); }
        public SortedMap<Integer, String> readDeviceIdentification(int u, int c) { transaction(); return new TreeMap<>(); }
        public void close() { }
    }

    @Test
    void eightDevicesOnOneBusNeverShareTheLineAndEachGetsEveryTurnItAsks() throws Exception {
        SharedLineClient.Line bus = new SharedLineClient.Line("rtu:bus");
        AtomicInteger onTheWire = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int devices = 8;
        int each = 300;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(devices);
        List<AtomicInteger> served = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int d = 0; d < devices; d++) {
            AtomicInteger mine = new AtomicInteger();
            served.add(mine);
            int node = d + 1;
            ModbusClient c = new SharedLineClient(new Wire(onTheWire, most), bus);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        c.readWriteMultipleRegisters(node, 0, 2, 10, new int[] {i});
                        mine.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
            t.start();
        }
        start.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS), "every device finished");
        assertEquals(List.of(), errors);
        assertEquals(1, most.get(), "on the wire at once");
        assertEquals(1, bus.mostAtOnce());
        assertEquals((long) devices * each, bus.transactions());
        served.forEach(s -> assertEquals(each, s.get()));
    }

    @Test
    void aDeviceLeavingTheBusLeavesTheOneMasterOpenForTheOthersAndADevicesOwnLinkIsClosedWithIt() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        ModbusClient master = new Wire(new AtomicInteger(), new AtomicInteger()) {
            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        SharedLineClient.Line bus = new SharedLineClient.Line("rtu:bus");
        try (ModbusClient node1 = SharedLineClient.sharing(master, bus)) {
            node1.readHoldingRegisters(1, 0, 1);
        }
        SharedLineClient.sharing(master, bus).readHoldingRegisters(2, 0, 1);
        assertEquals(0, closed.get(), "the master stays open when a device's use of it closes");
        assertEquals(2, bus.transactions());
        new SharedLineClient(master, bus).close();
        assertEquals(1, closed.get(), "a device's own link closes with its client");
    }
}
