package io.github.ccrhil.water.plant.plc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.github.ccrhil.modbus.client.LinkTimeoutException;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.WaterSite;
import io.github.ccrhil.water.plant.sim.PeriodicRunner;
import io.github.ccrhil.water.plant.sim.RealTimeDriver;
import io.github.ccrhil.evidence.time.SimulatedClock;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PLCs as Modbus TCP servers on loopback, exercised by j2mod's own client over real TCP. */
class PlcServerTest {
    WaterSite site;
    RealTimeDriver driver;
    PlcServer chlor;
    PlcServer intake;
    ModbusTCPMaster client;

    @BeforeEach
    void start() throws Exception {
        site = new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100));
        driver = new RealTimeDriver(site.register(new PeriodicRunner(new SimulatedClock(PeriodicRunner.WATER_EPOCH))), Duration.ofMillis(5), "site").start();
        chlor = PlcServer.startOnLoopback(site.plc(WaterSite.CHLORINATION));
        intake = PlcServer.startOnLoopback(site.plc(WaterSite.INTAKE));
        client = new ModbusTCPMaster("127.0.0.1", chlor.port(), 2000, false);
        client.connect();
        // Until its first scan a PLC's data table holds zeros, as a real one does: the
        // measurements read below are those of a PLC that has scanned at least once.
        awaitFirstScan(site.plc(WaterSite.CHLORINATION));
        awaitFirstScan(site.plc(WaterSite.INTAKE));
    }

    private static void awaitFirstScan(Plc plc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (plc.scanCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(plc.name() + " did not complete a scan within 5 s");
            }
            Thread.sleep(2);
        }
    }

    @AfterEach
    void stop() {
        client.disconnect();
        chlor.close();
        intake.close();
        driver.close();
    }

    private static int address(Plc plc, String point) {
        return plc.memory().profile().require(point).address();
    }

    @Test
    void measurementsReadOverTcpMatchThePlcDataTable() throws Exception {
        Plc plc = site.plc(WaterSite.CHLORINATION);
        int sp = address(plc, ChlorinationProgram.SP);
        assertEquals(500, client.readMultipleRegisters(4, sp, 1)[0].toUnsignedShort(), "CL.SP 0.5 mg/L is 500 counts");
        InputRegister[] ir = client.readInputRegisters(4, 0, 6);
        assertEquals(6, ir.length);
        double residual = ir[0].toUnsignedShort() * 0.001;
        assertTrue(residual > 0.1 && residual < 1.5, "clear-well residual read over Modbus: " + residual);
    }

    @Test
    void inRangeChlorineSetpointIsAccepted() throws Exception {
        Plc plc = site.plc(WaterSite.CHLORINATION);
        client.writeSingleRegister(4, address(plc, ChlorinationProgram.SP), new SimpleRegister(650));
        assertEquals(0.65, plc.memory().get(ChlorinationProgram.SP), 1e-9);
    }

    @Test
    void unsafeChlorineSetpointIsRefusedWithException03AndLeavesTheSetpoint() throws Exception {
        Plc plc = site.plc(WaterSite.CHLORINATION);
        ModbusSlaveException e = assertThrows(ModbusSlaveException.class,
                () -> client.writeSingleRegister(4, address(plc, ChlorinationProgram.SP), new SimpleRegister(1500)));
        assertEquals(3, e.getType(), "illegal data value");
        assertEquals(0.5, plc.memory().get(ChlorinationProgram.SP), 1e-9);
        assertEquals(1, chlor.refusedWrites());
    }

    @Test
    void levelSetpointsOutOfOrderAreRefusedAsAWholeWithException03() throws Exception {
        Plc plc = site.plc(WaterSite.INTAKE);
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", intake.port(), 2000, false);
        m.connect();
        try {
            int ll = address(plc, LevelControlProgram.SP_LL);
            // L (0.9 m) below LL (1.0 m): each value is within the tank, the order is not
            ModbusSlaveException e = assertThrows(ModbusSlaveException.class,
                    () -> m.writeMultipleRegisters(plc.unitId(), ll, new SimpleRegister[] {new SimpleRegister(1000), new SimpleRegister(900)}));
            assertEquals(3, e.getType());
            assertEquals(2.0, plc.memory().get(LevelControlProgram.SP_L), 1e-9);
            // a consistent move of all four in one FC16 write is accepted
            m.writeMultipleRegisters(plc.unitId(), ll, new SimpleRegister[] {new SimpleRegister(800), new SimpleRegister(1800),
                new SimpleRegister(3300), new SimpleRegister(4400)});
            assertEquals(3.3, plc.memory().get(LevelControlProgram.SP_H), 1e-9);
        } finally {
            m.disconnect();
        }
    }

    @Test
    void writeToAnUnmappedRegisterIsRefusedWithException02() {
        ModbusSlaveException e = assertThrows(ModbusSlaveException.class,
                () -> client.writeSingleRegister(4, 40, new SimpleRegister(1)));
        assertEquals(2, e.getType());
    }

    @Test
    void requestForAnotherUnitIdIsIgnoredAndCounted() {
        // One unit-id policy for every server of the project: the PLC's own unit, 0 and 255 are
        // answered; a request for another unit gets no answer (the client times out) and is counted.
        try (ModbusTcpClient other = new ModbusTcpClient("127.0.0.1", chlor.port(), Duration.ofMillis(300))) {
            assertThrows(LinkTimeoutException.class, () -> other.readInputRegisters(9, 0, 1));
        }
        assertEquals(1, chlor.counters().otherUnit());
    }

    @Test
    void malformedFrameDropsOnlyThatConnectionAndThePlcKeepsScanningAndServing() throws Exception {
        Plc plc = site.plc(WaterSite.CHLORINATION);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), chlor.port())) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 1, 0, 7, (byte) 0xFF, (byte) 0xFF, 1, 3, 0, 0}); // protocol 7, length 65535
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "server closed the bad connection");
        }
        long before = plc.scanCount();
        Thread.sleep(300);
        assertTrue(plc.scanCount() > before, "PLC still scanning");
        assertEquals(1, chlor.counters().droppedFrames());
        assertEquals(500, client.readMultipleRegisters(4, address(plc, ChlorinationProgram.SP), 1)[0].toUnsignedShort(),
                "other clients still served");
    }

    @Test
    void truncatedAndOversizedRequestsAnswerException03() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), chlor.port())) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            // FC03 with only one byte of data
            out.write(new byte[] {0, 9, 0, 0, 0, 3, 4, 3, 0});
            byte[] r = new byte[9];
            in.readFully(r);
            assertArrayEquals(new byte[] {0, 9, 0, 0, 0, 3, 4, (byte) 0x83, 3}, r);
            // FC03 asking for 126 registers (limit 125)
            out.write(new byte[] {0, 10, 0, 0, 0, 6, 4, 3, 0, 0, 0, 126});
            in.readFully(r);
            assertArrayEquals(new byte[] {0, 10, 0, 0, 0, 3, 4, (byte) 0x83, 3}, r);
            // unknown function code 0x41 answers 01 on the same connection
            out.write(new byte[] {0, 11, 0, 0, 0, 2, 4, 0x41});
            in.readFully(r);
            assertArrayEquals(new byte[] {0, 11, 0, 0, 0, 3, 4, (byte) 0xC1, 1}, r);
        }
    }

    @Test
    void randomPdusNeverStopThePlcOrItsServer() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(20260101L);
        Plc plc = site.plc(WaterSite.CHLORINATION);
        double sp = plc.memory().get(ChlorinationProgram.SP);
        for (int frame = 0; frame < 300; frame++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), chlor.port())) {
                s.setSoTimeout(2000);
                int len = 1 + rnd.nextInt(40);
                byte[] f = new byte[7 + len];
                f[0] = (byte) frame;
                f[5] = (byte) (len + 1);
                f[6] = (byte) plc.unitId();
                for (int i = 7; i < f.length; i++) {
                    f[i] = (byte) rnd.nextInt(256);
                }
                f[7] = (byte) (rnd.nextBoolean() ? 1 + rnd.nextInt(6) : rnd.nextInt(256)); // mostly real function codes
                s.getOutputStream().write(f);
                if ((f[7] & 0x80) != 0) {
                    // the shape of an exception answer, not a request: dropped and counted, never answered
                    s.shutdownOutput();
                    assertEquals(0, new DataInputStream(s.getInputStream()).readNBytes(7).length, "frame " + frame + " answered");
                    continue;
                }
                byte[] head = new DataInputStream(s.getInputStream()).readNBytes(7);
                assertEquals(7, head.length, "frame " + frame + " got an answer");
            }
        }
        long before = plc.scanCount();
        Thread.sleep(200);
        assertTrue(plc.scanCount() > before, "PLC still scanning");
        double now = plc.memory().get(ChlorinationProgram.SP);
        assertEquals(Math.round(now * 1000), client.readMultipleRegisters(4, address(plc, ChlorinationProgram.SP), 1)[0].toUnsignedShort(),
                "still served over a fresh connection");
        assertTrue(now >= 0.1 && now <= 1.0, "whatever random writes did, the set-point stayed in its safe range: " + now + " (was " + sp + ")");
    }

    @Test
    void plcScansWithNoClientAndWhileItsLinkIsDown() throws Exception {
        Plc plc = site.plc(WaterSite.INTAKE);
        intake.setOnline(false);
        long before = plc.scanCount();
        Thread.sleep(300);
        assertTrue(plc.scanCount() >= before + 2, "intake PLC scanned on its own: " + (plc.scanCount() - before));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), intake.port())) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "an offline PLC link accepts no session");
        }
    }

    @Test
    void aWriteCarryingAStaleLeaseEpochIsRefusedWithAnExceptionAndWritesNothing() throws Exception {
        Plc plc = site.plc(WaterSite.CHLORINATION);
        int sp = address(plc, ChlorinationProgram.SP);
        int fence = PlcServer.FENCE_ADDRESS;
        // the active of epoch 3 writes its set-point through the fence
        client.writeMultipleRegisters(4, fence, new SimpleRegister[] {new SimpleRegister(0), new SimpleRegister(3),
                new SimpleRegister(1), new SimpleRegister(sp), new SimpleRegister(620)});
        assertEquals(0.62, plc.memory().get(ChlorinationProgram.SP), 1e-9);
        // a new active (epoch 4) announces itself; the old one's next write is refused
        client.writeMultipleRegisters(4, fence, new SimpleRegister[] {new SimpleRegister(0), new SimpleRegister(4)});
        long accepted = chlor.acceptedWrites();
        ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> client.writeMultipleRegisters(4, fence,
                new SimpleRegister[] {new SimpleRegister(0), new SimpleRegister(3), new SimpleRegister(1), new SimpleRegister(sp),
                        new SimpleRegister(700)}));
        assertEquals(3, e.getType(), "illegal data value: a stale epoch");
        assertEquals(0.62, plc.memory().get(ChlorinationProgram.SP), 1e-9, "nothing written");
        assertEquals(accepted, chlor.acceptedWrites());
        assertEquals(1, chlor.fencedWrites());
        assertEquals(4, chlor.fenceEpoch());
        assertEquals(4, client.readMultipleRegisters(4, fence, 2)[1].toUnsignedShort(), "the fence reads back the epoch");
        // an unsafe value through the fence is still refused by the program's own checks
        ModbusSlaveException unsafe = assertThrows(ModbusSlaveException.class, () -> client.writeMultipleRegisters(4, fence,
                new SimpleRegister[] {new SimpleRegister(0), new SimpleRegister(4), new SimpleRegister(1), new SimpleRegister(sp),
                        new SimpleRegister(1500)}));
        assertEquals(3, unsafe.getType());
        assertEquals(0.62, plc.memory().get(ChlorinationProgram.SP), 1e-9);
    }
}
