package io.github.ccrhil.ccr.verify.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.verify.accept.dut.DutException;
import io.github.ccrhil.ccr.verify.accept.dut.ExternalMeter;
import io.github.ccrhil.ccr.verify.accept.dut.RelayModule;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.profile.MemoryPointStore;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shipped example relay module and meter, served over loopback Modbus TCP. */
class RelayModuleAndMeterTest {

    private static Profile shipped(String name) throws Exception {
        return ProfileLoader.parse(ProfileLoader.resourceText("/profiles/" + name), name);
    }

    @Test
    void aRelayCoilIsWrittenAndConfirmedByReadingItBack() throws Exception {
        Profile p = shipped("relay-module-example.yaml");
        MemoryPointStore store = new MemoryPointStore(p, null);
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(p, store)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), p.unitId());
             ModbusTcpClient m = new ModbusTcpClient(server.address(), Duration.ofSeconds(1))) {
            RelayModule relays = new RelayModule(new ProfileClient(m, p), "relays");
            relays.set("open_loop", true);
            assertEquals(Boolean.TRUE, store.get("open_loop"));
            relays.set("open_loop", false);
            assertEquals(Boolean.FALSE, store.get("open_loop"));
        }
    }

    @Test
    void aRelayThatDoesNotPullInIsAnErrorWithTheReasonNotAHang() throws Exception {
        Profile p = shipped("relay-module-example.yaml");
        MemoryPointStore store = new MemoryPointStore(p, null);
        store.afterWrite(w -> store.set("short_output", false)); // a welded-open relay
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(p, store)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), p.unitId());
             ModbusTcpClient m = new ModbusTcpClient(server.address(), Duration.ofSeconds(1))) {
            RelayModule relays = new RelayModule(new ProfileClient(m, p), "relays");
            DutException e = assertThrows(DutException.class, () -> relays.set("short_output", true));
            assertTrue(e.getMessage().contains("short_output"), e.getMessage());
        }
    }

    @Test
    void aRelayModuleThatIsGoneTimesOutWithTheReason() throws Exception {
        Profile p = shipped("relay-module-example.yaml");
        InetSocketAddress gone;
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(p, new MemoryPointStore(p, null))),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), p.unitId())) {
            gone = server.address();
        }
        try (ModbusTcpClient m = new ModbusTcpClient(gone, Duration.ofMillis(300))) {
            RelayModule relays = new RelayModule(new ProfileClient(m, p), "relays");
            DutException e = assertThrows(DutException.class, () -> relays.set("open_loop", true));
            assertTrue(e.getMessage().contains("not confirmed"), e.getMessage());
        }
    }

    @Test
    void theMeterReportsTheLoopCurrentInAmperes() throws Exception {
        Profile p = shipped("meter-example.yaml");
        MemoryPointStore store = new MemoryPointStore(p, null);
        store.set("loop_current_rms", 6.6);
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(new RegisterImage(p, store)),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), p.unitId());
             ModbusTcpClient m = new ModbusTcpClient(server.address(), Duration.ofSeconds(1))) {
            ExternalMeter meter = new ExternalMeter(new ProfileClient(m, p), "loop_current_rms", "meter");
            assertEquals(6.6, meter.currentA(), 1e-5);
        }
    }
}
