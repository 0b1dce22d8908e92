package io.github.ccrhil.it.interop;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.it.Peers;
import io.github.ccrhil.it.SimulatedReferenceCcr;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our server against the clients users actually have: mbpoll, pymodbus and a libmodbus client,
 * over loopback TCP and over a socat pty pair. Each reads the measured current, commands a step,
 * sees it take effect, and gets the right exception for a bad address, value and function.
 * A missing peer fails the test (run src/setup/install-test-deps.sh).
 */
@Timeout(120)
class ThirdPartyPeersIT {

    private static final int BAUD = 115200;

    private SimulatedReferenceCcr ccr;
    private ModbusTcpServer tcp;
    private PtyPair pty;
    private ModbusRtuServer rtu;

    @BeforeEach
    void start() throws Exception {
        ccr = new SimulatedReferenceCcr(2);
        tcp = new ModbusTcpServer(ccr.core, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        pty = PtyPair.start();
        rtu = new ModbusRtuServer(ccr.core, JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), BAUD), null), 1);
    }

    @AfterEach
    void stop() {
        if (rtu != null) {
            rtu.close();
        }
        if (pty != null) {
            pty.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    private static Map<String, String> keyValues(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    private void assertScenario(Map<String, String> seen, String who) {
        assertEquals("3400", seen.get("current_before"), who + " reads 3.4 A at step 2: " + seen);
        assertEquals("ok", seen.get("write_step"), who + ": " + seen);
        assertEquals("4", seen.get("step_readback"), who + ": " + seen);
        assertEquals("5200", seen.get("current_after"), who + " sees step 4 take effect: " + seen);
        assertEquals("3", seen.get("fc23_readback"), who + " FC 23: " + seen);
        assertEquals("2", seen.get("bad_address_exception"), who + ": " + seen);
        assertEquals("3", seen.get("bad_value_exception"), who + ": " + seen);
        assertEquals("1", seen.get("bad_function_exception"), who + ": " + seen);
        assertEquals(3.0, ccr.store.get("command_step"), who + ": the refused writes changed nothing");
    }

    @Test
    void libmodbusClientOverTcp() throws Exception {
        String bin = Peers.buildC("libmodbus_client").toString();
        Peers.Result r = Peers.run(List.of(bin, "tcp", "127.0.0.1", String.valueOf(tcp.port()), "1"), 30);
        assertEquals(0, r.exit(), r.output());
        assertScenario(keyValues(r.output()), "libmodbus/tcp");
    }

    @Test
    void libmodbusClientOverAPty() throws Exception {
        String bin = Peers.buildC("libmodbus_client").toString();
        Peers.Result r = Peers.run(List.of(bin, "rtu", pty.b().toString(), String.valueOf(BAUD), "1"), 30);
        assertEquals(0, r.exit(), r.output());
        assertScenario(keyValues(r.output()), "libmodbus/rtu");
    }

    private Map<String, String> pymodbus(String... args) throws Exception {
        Peers.requirePymodbus();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3",
                Peers.repositoryRoot().resolve("src/peers/pymodbus_client.py").toString()));
        cmd.addAll(List.of(args));
        Peers.Result r = Peers.run(cmd, 60);
        assertEquals(0, r.exit(), r.output());
        return keyValues(r.output());
    }

    @Test
    void pymodbusClientOverTcpIncludingDeviceIdentification() throws Exception {
        Map<String, String> seen = pymodbus("tcp", "127.0.0.1", String.valueOf(tcp.port()), "1");
        assertScenario(seen, "pymodbus/tcp");
        assertEquals("ccr-hil", seen.get("device_id_0"), seen.toString());
        assertEquals("current-control sw 0.1.0", seen.get("device_id_130"), seen.toString());
    }

    @Test
    void pymodbusClientOverAPty() throws Exception {
        Map<String, String> seen = pymodbus("rtu", pty.b().toString(), String.valueOf(BAUD), "1");
        assertScenario(seen, "pymodbus/rtu");
        assertEquals("control-board hw rev A", seen.get("device_id_128"), seen.toString());
    }

    private static final Pattern VALUE = Pattern.compile("\\[(\\d+)\\]:\\s+(-?\\d+)");

    private static Peers.Result mbpoll(List<String> link, String... args) throws Exception {
        Peers.require("mbpoll");
        List<String> cmd = new ArrayList<>(List.of("mbpoll"));
        cmd.addAll(link);
        cmd.addAll(List.of("-a", "1", "-0", "-1", "-o", "1"));
        cmd.addAll(List.of(args));
        return Peers.run(cmd, 30);
    }

    private static int mbpollValue(Peers.Result r) {
        Matcher m = VALUE.matcher(r.output());
        assertTrue(m.find(), "no value in mbpoll output: " + r.output());
        return Integer.parseInt(m.group(2));
    }

    private void mbpollScenario(List<String> link, String endpoint) throws Exception {
        assertEquals(3400, mbpollValue(mbpoll(link, "-t", "3", "-r", "3", endpoint)));
        Peers.Result w = mbpoll(link, "-t", "4", "-r", "0", endpoint, "4");
        assertEquals(0, w.exit(), w.output());
        assertEquals(4, mbpollValue(mbpoll(link, "-t", "4", "-r", "0", endpoint)));
        assertEquals(5200, mbpollValue(mbpoll(link, "-t", "3", "-r", "3", endpoint)));
        Peers.Result badAddress = mbpoll(link, "-t", "4", "-r", "2", endpoint);
        assertTrue(badAddress.output().contains("Illegal data address"), badAddress.output());
        Peers.Result badValue = mbpoll(link, "-t", "4", "-r", "0", endpoint, "9");
        assertTrue(badValue.output().contains("Illegal data value"), badValue.output());
        ccr.setLocal(true);
        Peers.Result local = mbpoll(link, "-t", "4", "-r", "0", endpoint, "1");
        assertTrue(local.output().contains("Illegal function"), "LOCAL refuses remote writes: " + local.output());
        assertEquals(4.0, ccr.store.get("command_step"), "refused writes changed nothing");
    }

    @Test
    void mbpollOverTcp() throws Exception {
        mbpollScenario(List.of("-m", "tcp", "-p", String.valueOf(tcp.port())), "127.0.0.1");
    }

    @Test
    void mbpollOverAPtyIncludingAnUnsupportedFunction() throws Exception {
        List<String> link = List.of("-m", "rtu", "-b", String.valueOf(BAUD), "-P", "none");
        mbpollScenario(link, pty.b().toString());
        // -u asks for the slave id (FC 17), which the reference CCR does not implement.
        Peers.Result id = mbpoll(link, "-u", pty.b().toString());
        assertTrue(id.output().contains("Illegal function"), id.output());
    }
}
