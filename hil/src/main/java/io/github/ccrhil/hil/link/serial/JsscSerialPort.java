package io.github.ccrhil.hil.link.serial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port opened through jssc, with deadline-bounded reads and optional RS-485 line-timing
 * emulation.
 *
 * <p>Reads poll the driver's input count (FIONREAD) and park between polls (100 µs; system
 * property {@code ccrhil.serial.pollMicros}): jssc's own timed read spins without sleeping, and
 * its blocking read cannot be woken by closing the port (measured: the reader stays blocked).
 * The poll interval adds up to one interval (plus the OS timer slack, ~50 µs) of latency to a
 * frame's arrival: about a character time at 115200 baud, negligible at 19200 and below, but
 * it makes a round trip on a pty (where bytes move at memory speed) slower than a
 * select()-driven server such as libmodbus's.
 *
 * <p>On a pty, jssc's {@code setParams} returns false (TIOCMGET fails with ENOTTY) although the
 * termios settings are applied: that is logged, not treated as failure.
 */
public final class JsscSerialPort implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JsscSerialPort.class.getName());
    static final long POLL_MICROS = Long.getLong("ccrhil.serial.pollMicros", 100);

    private final SerialSettings settings;
    private final LineTiming timing;
    private final SerialPort port;
    private final Object writeLock = new Object();
    /** When the line was last busy (a byte received or our frame finished), System.nanoTime. */
    private volatile long lineBusyUntil;
    private volatile boolean open;

    private JsscSerialPort(SerialSettings settings, LineTiming timing, SerialPort port) {
        this.settings = settings;
        this.timing = timing;
        this.port = port;
        this.open = true;
        this.lineBusyUntil = System.nanoTime();
    }

    /**
     * Opens the port.
     *
     * @param timing line timing to emulate, or {@code null} to send at memory speed
     * @throws IOException if the device cannot be opened
     */
    public static JsscSerialPort open(SerialSettings settings, LineTiming timing) throws IOException {
        SerialPort port = new SerialPort(settings.portName());
        try {
            port.openPort();
        } catch (SerialPortException e) {
            throw new IOException("cannot open serial port " + settings.portName() + ": " + e.getExceptionType(), e);
        }
        try {
            int parity = switch (settings.parity()) {
                case NONE -> SerialPort.PARITY_NONE;
                case ODD -> SerialPort.PARITY_ODD;
                case EVEN -> SerialPort.PARITY_EVEN;
            };
            int stop = settings.stopBits() == 2 ? SerialPort.STOPBITS_2 : SerialPort.STOPBITS_1;
            boolean applied = port.setParams(settings.baudRate(), settings.dataBits(), stop, parity);
            if (!applied) {
                // Expected on a pty: termios is set, but the modem-line ioctl fails (ENOTTY).
                LOG.fine(() -> "setParams returned false on " + settings.portName() + " (normal for a pty)");
            }
            port.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
        } catch (SerialPortException e) {
            try {
                port.closePort();
            } catch (SerialPortException ignored) {
                // already failing
            }
            throw new IOException("cannot configure serial port " + settings.portName() + ": " + e.getExceptionType(), e);
        }
        return new JsscSerialPort(settings, timing, port);
    }

    public SerialSettings settings() {
        return settings;
    }

    public Optional<LineTiming> timing() {
        return Optional.ofNullable(timing);
    }

    public boolean isOpen() {
        return open;
    }

    /** Bytes waiting in the driver. */
    public int available() throws IOException {
        ensureOpen();
        try {
            return port.getInputBufferBytesCount();
        } catch (SerialPortException e) {
            throw new IOException("serial port " + settings.portName() + " failed: " + e.getExceptionType(), e);
        }
    }

    /**
     * Reads what arrives, waiting up to {@code timeoutNanos} for the first byte.
     *
     * @return bytes read, 0 when nothing arrived in time
     * @throws InterruptedIOException if the thread was interrupted (the flag is restored)
     */
    public int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int n = available();
            if (n > 0) {
                int k = Math.min(n, length);
                byte[] got;
                try {
                    got = port.readBytes(k);
                } catch (SerialPortException e) {
                    throw new IOException("read from " + settings.portName() + " failed: " + e.getExceptionType(), e);
                }
                if (got == null) {
                    return 0;
                }
                System.arraycopy(got, 0, buffer, offset, got.length);
                lineBusyUntil = Math.max(lineBusyUntil, System.nanoTime());
                return got.length;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            LockSupport.parkNanos(Math.min(left, POLL_MICROS * 1000));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + settings.portName());
            }
        }
    }

    /**
     * Sends one frame. With line timing: waits until the line has been idle for the inter-frame
     * gap, then holds the frame for its transmission time before it appears at the far end.
     */
    public void writeFrame(byte[] frame) throws IOException {
        ensureOpen();
        synchronized (writeLock) {
            if (timing != null) {
                long start = Math.max(System.nanoTime(), lineBusyUntil + timing.interFrameGapNanos());
                long end = start + timing.frameNanos(frame.length);
                parkUntil(end);
                lineBusyUntil = end;
            }
            try {
                if (!port.writeBytes(frame)) {
                    throw new IOException("write to " + settings.portName() + " failed");
                }
            } catch (SerialPortException e) {
                throw new IOException("write to " + settings.portName() + " failed: " + e.getExceptionType(), e);
            }
            if (timing == null) {
                lineBusyUntil = System.nanoTime();
            }
        }
    }

    /** Discards anything received and not yet read. */
    public void purgeInput() throws IOException {
        ensureOpen();
        try {
            port.purgePort(SerialPort.PURGE_RXCLEAR);
        } catch (SerialPortException e) {
            throw new IOException("purge of " + settings.portName() + " failed: " + e.getExceptionType(), e);
        }
    }

    /** Parks until shortly before the deadline, then spins: parking alone overshoots by up to ms under load. */
    private void parkUntil(long deadline) throws InterruptedIOException {
        long left;
        while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sending on " + settings.portName());
            }
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    private static final long SPIN_NANOS = 150_000;

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new IOException("serial port " + settings.portName() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            port.closePort();
        } catch (SerialPortException e) {
            LOG.fine("close " + settings.portName() + ": " + e);
        }
    }
}
