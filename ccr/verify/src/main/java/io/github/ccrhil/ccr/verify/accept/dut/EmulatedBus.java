package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.SharedLineClient;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.io.IOException;
import java.time.Duration;

/**
 * An emulated RS-485 bus: one socat pty pair as the line, one multi-drop Modbus RTU server on its
 * far end answering each node id for the CCR attached there ({@link ModbusRtuServer#multiDrop}),
 * and one master port on its near end that every CCR's verifier shares, one transaction at a time
 * in turn ({@link SharedLineClient#sharing}). 19,200 baud 8N1, as the fleet's buses.
 */
public final class EmulatedBus implements AutoCloseable {

    public static final int BAUD = 19_200;

    private final String name;
    private final PtyPair pty;
    private final ModbusRtuServer server;
    private final ModbusClient master;
    private final SharedLineClient.Line line;

    private EmulatedBus(String name, PtyPair pty, ModbusRtuServer server, ModbusClient master) {
        this.name = name;
        this.pty = pty;
        this.server = server;
        this.master = master;
        this.line = new SharedLineClient.Line(name);
    }

    /**
     * Starts the line (needs socat), its multi-drop server and its master.
     *
     * @param timeout the master's deadline per transaction
     * @throws DutException when the pty pair or a port cannot be opened
     */
    public static EmulatedBus start(String name, Duration timeout) throws DutException {
        PtyPair pty = null;
        ModbusRtuServer server = null;
        try {
            pty = PtyPair.start(Duration.ofSeconds(10));
            server = ModbusRtuServer.multiDrop(JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), BAUD), null));
            ModbusClient master = J2modClient.rtu(SerialSettings.of8N1(pty.b().toString(), BAUD), null, timeout);
            return new EmulatedBus(name, pty, server, master);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (pty != null) {
                pty.close();
            }
            throw new DutException("cannot start the emulated RS-485 bus " + name + " on a pty: " + e.getMessage(), e);
        }
    }

    /** The bus's name (its medium in the fleet file). */
    public String name() {
        return name;
    }

    /** The line's turn and its counts. */
    public SharedLineClient.Line line() {
        return line;
    }

    /** The far end's multi-drop server (the nodes attach their server cores to it). */
    public ModbusRtuServer server() {
        return server;
    }

    /** One CCR's verifier on the bus: the shared master, taking its turn; closing it leaves the master open. */
    public ModbusClient client() {
        return SharedLineClient.sharing(master, line);
    }

    /** Where the master is, for the records. */
    public String masterPort() {
        return pty.b().toString();
    }

    @Override
    public void close() {
        master.close();
        server.close();
        pty.close();
    }
}
