package io.github.ccrhil.it.modbus;

import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.RequestHandler;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.pdu.ModbusResponse;
import io.github.ccrhil.modbus.pdu.PduCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeviceIdentityIT {

    private static DeviceIdentity big() {
        Map<Integer, String> o = new TreeMap<>(Map.of(0, "ccr-hil", 1, "REF", 2, "1.0"));
        for (int id = 0x80; id < 0x88; id++) {
            o.put(id, String.valueOf((char) ('a' + id - 0x80)).repeat(60));
        }
        return new DeviceIdentity(o);
    }

    @Test
    void aLongExtendedStreamIsSplitWithMoreFollowsAndEveryPduFits() {
        DeviceIdentity id = big();
        ModbusResponse.DeviceIdentification first = id.answer(3, 0);
        assertTrue(first.moreFollows());
        assertTrue(PduCodec.encodeResponse(first).length <= 253);
        ModbusResponse.DeviceIdentification second = id.answer(3, first.nextObjectId());
        assertEquals(first.nextObjectId(), second.objects().get(0).id());
    }

    @Test
    void theBasicStreamHoldsOnlyObjectsZeroToTwo() {
        assertEquals(3, big().answer(1, 0).objects().size());
    }

    @Test
    void anAbsentIndividualObjectIsNull() {
        assertNull(big().answer(4, 0x05));
        assertEquals("REF", big().answer(4, 1).objects().get(0).value());
    }

    @Test
    void mandatoryObjectsAndAsciiAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceIdentity(Map.of(0, "v", 1, "p")));
        assertThrows(IllegalArgumentException.class, () -> new DeviceIdentity(Map.of(0, "v", 1, "p", 2, "電流")));
    }

    @Test
    void theTcpClientFollowsMoreFollowsToTheEnd() throws Exception {
        RequestHandler handler = new RequestHandler() {
            @Override
            public DeviceIdentity identity() {
                return big();
            }
        };
        try (ModbusTcpServer server = new ModbusTcpServer(new ModbusServerCore(handler),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
             ModbusTcpClient m = new ModbusTcpClient(server.address(), Duration.ofSeconds(2))) {
            SortedMap<Integer, String> all = m.readDeviceIdentification(1, 3);
            assertEquals(big().objects(), all);
            assertTrue(server.counters().snapshot().requests() >= 2, "took more than one request");
        }
    }
}
