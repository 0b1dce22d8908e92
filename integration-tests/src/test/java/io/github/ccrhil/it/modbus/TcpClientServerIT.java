package io.github.ccrhil.it.modbus;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The client/server contract over TCP on loopback: our TCP client (our codec, no j2mod) to our server. */
class TcpClientServerIT extends ClientServerContract {

    private ModbusTcpServer server;

    @Override
    protected void startServer(TestDevice device) throws Exception {
        server = new ModbusTcpServer(new ModbusServerCore(device), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    }

    @Override
    protected ModbusClient openClient(Duration timeout) {
        return new ModbusTcpClient(server.address(), timeout);
    }

    @Override
    protected ServerCounters.Snapshot counters() {
        return server.counters().snapshot();
    }

    @Override
    protected void stopServer() {
        server.close();
    }
}
