package io.github.ccrhil.modbus.serial;

import com.ghgande.j2mod.modbus.io.AbstractModbusTransport;
import com.ghgande.j2mod.modbus.io.ModbusRTUTransport;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs j2mod's RTU transport over jssc: j2mod's serial classes are wired to jSerialComm, which
 * this project excludes. Semantics follow j2mod's own connection: {@link #readBytes} blocks
 * until the requested count arrived or the timeout passed, and returns what it got.
 */
public final class JsscSerialConnection extends AbstractSerialConnection {

    private final SerialSettings settings;
    private final LineTiming timing;
    private JsscSerialPort port;
    private ModbusRTUTransport transport;
    private volatile int timeoutMillis = 1000;
    private volatile boolean retired;

    /** @param timing line timing to emulate, or {@code null} */
    public JsscSerialConnection(SerialSettings settings, LineTiming timing) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.timing = timing;
    }

    @Override
    public synchronized void open() throws IOException {
        if (retired) {
            throw new IOException("serial link " + settings.portName() + " was cut; a new transaction reopens it");
        }
        if (port != null && port.isOpen()) {
            return;
        }
        port = JsscSerialPort.open(settings, timing);
        transport = new ModbusRTUTransport();
        transport.setTimeout(timeoutMillis);
        transport.setCommPort(this);
    }

    /** The open port (after {@link #open()}), for bytes put on the line as they are; null when closed. */
    JsscSerialPort port() {
        return port;
    }

    @Override
    public AbstractModbusTransport getModbusTransport() {
        return transport;
    }

    @Override
    public int readBytes(byte[] buffer, int bytesToRead) {
        JsscSerialPort p = port;
        if (p == null) {
            return -1;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int got = 0;
        try {
            while (got < bytesToRead) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                got += p.read(buffer, got, bytesToRead - got, left);
            }
        } catch (IOException e) {
            return got > 0 ? got : -1;
        }
        return got;
    }

    @Override
    public int writeBytes(byte[] buffer, int bytesToWrite) {
        JsscSerialPort p = port;
        if (p == null) {
            return -1;
        }
        try {
            p.writeFrame(java.util.Arrays.copyOf(buffer, bytesToWrite));
            return bytesToWrite;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int bytesAvailable() {
        JsscSerialPort p = port;
        try {
            return p == null ? 0 : p.available();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public synchronized void close() {
        if (port != null) {
            port.close();
        }
    }

    /**
     * Closes the port for good: j2mod's transport reopens a closed connection by itself, which
     * would let a transaction cut by a watchdog carry on.
     */
    public void retire() {
        retired = true;
        JsscSerialPort p = port; // not under the monitor: a reader may hold it for as long as it waits
        if (p != null) {
            p.close();
        }
    }

    @Override
    public int getBaudRate() {
        return settings.baudRate();
    }

    @Override
    public int getNumDataBits() {
        return settings.dataBits();
    }

    @Override
    public int getNumStopBits() {
        return settings.stopBits();
    }

    @Override
    public int getParity() {
        return switch (settings.parity()) {
            case NONE -> NO_PARITY;
            case ODD -> ODD_PARITY;
            case EVEN -> EVEN_PARITY;
        };
    }

    @Override
    public String getPortName() {
        return settings.portName();
    }

    @Override
    public String getDescriptivePortName() {
        return settings.portName() + " (jssc)";
    }

    @Override
    public void setComPortTimeouts(int newTimeoutMode, int newReadTimeout, int newWriteTimeout) {
        if (newReadTimeout > 0) {
            timeoutMillis = newReadTimeout;
        }
    }

    @Override
    public boolean isOpen() {
        JsscSerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public int getTimeout() {
        return timeoutMillis;
    }

    @Override
    public void setTimeout(int timeout) {
        if (timeout > 0) {
            timeoutMillis = timeout;
        }
        if (transport != null) {
            transport.setTimeout(timeout);
        }
    }

    @Override
    public Set<String> getCommPorts() {
        return new TreeSet<>(java.util.Arrays.asList(jssc.SerialPortList.getPortNames()));
    }
}
