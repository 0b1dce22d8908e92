package io.github.ccrhil.it.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.SharedLineClient;
import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An RS-485 bus as one line: a multi-drop RTU server on one end of a socat pty pair, three devices
 * on it at nodes 1, 2 and 3, and one master on the other end. Each node answers its own frames and
 * only those; a frame for a node not on the bus gets no answer; a broadcast is executed by every
 * node and answered by none; several users of the one master take their turns on the line.
 */
@Timeout(120)
class MultiDropRtuServerIT {

    private static final int BAUD = 19_200;

    private PtyPair pty;
    private final Map<Integer, TestDevice> devices = new TreeMap<>();
    private ModbusRtuServer bus;

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.start();
        bus = ModbusRtuServer.multiDrop(JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), BAUD), null));
        for (int node = 1; node <= 3; node++) {
            TestDevice d = new TestDevice();
            devices.put(node, d);
            bus.attach(node, new ModbusServerCore(d));
        }
    }

    @AfterEach
    void stop() {
        if (bus != null) {
            bus.close();
        }
        pty.close();
    }

    @Test
    void eachNodeAnswersItsOwnFramesOnlyAndANodeNotOnTheBusIsSilent() throws Exception {
        try (ModbusClient master = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), BAUD), null, Duration.ofSeconds(2))) {
            for (int node = 1; node <= 3; node++) {
                master.writeSingleRegister(node, 1, node * 10);
            }
            for (int node = 1; node <= 3; node++) {
                assertEquals(node * 10, devices.get(node).holding[1], "node " + node + " took its own write, and only it");
                assertArrayEquals(new int[] {node * 10}, master.readHoldingRegisters(node, 1, 1), "node " + node + " answers for itself");
            }
            assertThrows(LinkTimeoutException.class, () -> master.readHoldingRegisters(9, 1, 1),
                    "no node 9 on the bus: nobody answers");
            bus.detach(2);
            assertThrows(LinkTimeoutException.class, () -> master.readHoldingRegisters(2, 1, 1), "node 2 taken off the bus is silent");
            assertArrayEquals(new int[] {30}, master.readHoldingRegisters(3, 1, 1), "the others go on");
        }
        ServerCounters.Snapshot line = bus.counters().snapshot();
        assertTrue(line.otherUnit() >= 2, "frames for nodes not on the bus are counted on the line: " + line);
        assertEquals(java.util.Set.of(1, 3), bus.nodes());
    }

    @Test
    void aBroadcastIsExecutedByEveryNodeAndAnsweredByNone() throws Exception {
        try (JsscSerialPort raw = JsscSerialPort.open(SerialSettings.of8N1(pty.b().toString(), BAUD), null)) {
            raw.writeFrame(Crc16.rtuFrame(0, PduCodec.encodeRequest(new ModbusRequest.WriteSingleRegister(4, 77))));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!devices.values().stream().allMatch(d -> d.holding[4] == 77) && System.nanoTime() < until) {
                assertEquals(0, raw.read(new byte[64], 0, 64, 50_000_000L), "a broadcast gets no answer");
            }
            for (Map.Entry<Integer, TestDevice> d : devices.entrySet()) {
                assertEquals(77, d.getValue().holding[4], "node " + d.getKey() + " executed the broadcast");
            }
            assertEquals(0, raw.read(new byte[64], 0, 64, 200_000_000L), "a broadcast gets no answer");
        }
        assertEquals(1, bus.counters().snapshot().broadcasts());
    }

    @Test
    void theNodesShareTheOneMasterOneTransactionAtATimeInTurn() throws Exception {
        SharedLineClient.Line line = new SharedLineClient.Line("bus");
        int each = 40;
        try (ModbusClient master = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), BAUD), null, Duration.ofSeconds(5))) {
            for (int node = 1; node <= 3; node++) {
                devices.get(node).holding[2] = 100 + node;
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> answered = new ArrayList<>();
                for (int node = 1; node <= 3; node++) {
                    int n = node;
                    answered.add(pool.submit(() -> {
                        try (ModbusClient mine = SharedLineClient.sharing(master, line)) {
                            int right = 0;
                            for (int i = 0; i < each; i++) {
                                right += mine.readHoldingRegisters(n, 2, 1)[0] == 100 + n ? 1 : 0;
                            }
                            return right;
                        }
                    }));
                }
                for (Future<Integer> f : answered) {
                    assertEquals(each, f.get(), "every answer came from the node asked");
                }
            } finally {
                pool.shutdownNow();
            }
            assertArrayEquals(new int[] {101}, master.readHoldingRegisters(1, 2, 1), "closing a node's use of the master leaves it open");
        }
        assertEquals(3L * each, line.transactions());
        assertEquals(1, line.mostAtOnce(), "one transaction at a time on the line");
    }
}
