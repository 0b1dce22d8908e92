package io.github.ccrhil.it.modbus;

import io.github.ccrhil.it.TestDevice;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import java.time.Duration;

/** The client/server contract as RTU on a real pseudo-terminal pair from socat, through jssc. */
class RtuClientServerIT extends ClientServerContract {

    private PtyPair pty;
    private ModbusRtuServer server;

    @Override
    protected void startServer(TestDevice device) throws Exception {
        pty = PtyPair.start();
        server = new ModbusRtuServer(new ModbusServerCore(device),
                JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115200), null), 1);
    }

    @Override
    protected ModbusClient openClient(Duration timeout) {
        return J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), 115200), null, timeout);
    }

    @Override
    protected ServerCounters.Snapshot counters() {
        return server.counters().snapshot();
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
    }
}
