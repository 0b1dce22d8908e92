package io.github.ccrhil.modbus.serial;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port opened and configured through jssc, with deadline-bounded reads and optional
 * RS-485 line-timing emulation.
 *
 * <p><b>How bytes are received.</b> jssc offers no read that both wakes when a byte arrives and
 * gives up in time: its blocking read stays in the kernel even when the port is closed
 * (measured), its timed read spins, and its event listener polls. So by default
 * ({@link Reception#BLOCKING}) the port's termios is set to VMIN 0, VTIME 1 through {@code stty}
 * (jssc leaves VTIME 0, which makes a kernel read return at once) and the reading thread itself
 * reads the device: the kernel wakes it the moment bytes arrive, as select() wakes a libmodbus
 * server, with no thread hand-over in between, and returns empty-handed after 0.1 s at the
 * latest, so the reader sees an interrupt or a closed port within that slice. A timeout, or the
 * part of one, shorter than a slice is polled. Where {@code stty} cannot set the port, or when
 * asked with {@code -Dccrhil.serial.reception=polling}, reads poll the driver's input count
 * (FIONREAD) every 100 µs ({@link Reception#POLLING}; {@code -Dccrhil.serial.pollMicros}),
 * which adds up to an interval plus timer slack to each frame's arrival.
 *
 * <p>On a pty, jssc's {@code setParams} returns false (TIOCMGET fails with ENOTTY) although the
 * termios settings are applied: that is logged, not treated as failure.
 */
public final class JsscSerialPort implements AutoCloseable {

    /** How received bytes reach {@link #read}. */
    public enum Reception {
        /** The reading thread blocks in the kernel and is woken by arriving bytes. */
        BLOCKING,
        /** The reader polls the driver's input count. */
        POLLING
    }

    private static final Logger LOG = Logger.getLogger(JsscSerialPort.class.getName());
    static final long POLL_MICROS = Long.getLong("ccrhil.serial.pollMicros", 100);
    private static final long SPIN_NANOS = 150_000;

    private final SerialSettings settings;
    private final LineTiming timing;
    private final SerialPort port;
    private final Object writeLock = new Object();
    private final Receiver receiver;
    /** When the line was last busy (a byte received or our frame finished), System.nanoTime. */
    private volatile long lineBusyUntil;
    private volatile boolean open;

    private JsscSerialPort(SerialSettings settings, LineTiming timing, SerialPort port, Receiver receiver) {
        this.settings = settings;
        this.timing = timing;
        this.port = port;
        this.receiver = receiver;
        this.open = true;
        this.lineBusyUntil = System.nanoTime();
    }

    /**
     * Opens the port with the reception asked by {@code -Dccrhil.serial.reception} (default
     * blocking; see the class comment).
     *
     * @param timing line timing to emulate, or {@code null} to send at memory speed
     * @throws IOException if the device cannot be opened
     */
    public static JsscSerialPort open(SerialSettings settings, LineTiming timing) throws IOException {
        String asked = System.getProperty("ccrhil.serial.reception", "blocking");
        Reception reception = switch (asked) {
            case "blocking" -> Reception.BLOCKING;
            case "polling" -> Reception.POLLING;
            default -> throw new IllegalArgumentException(
                    "ccrhil.serial.reception must be blocking or polling, was " + asked);
        };
        return open(settings, timing, reception);
    }

    /**
     * Opens the port with the given reception. {@link Reception#BLOCKING} falls back to
     * polling, with a warning, where the port cannot be set to block ({@code stty} missing).
     */
    public static JsscSerialPort open(SerialSettings settings, LineTiming timing, Reception reception) throws IOException {
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
            closeQuietly(port, settings);
            throw new IOException("cannot configure serial port " + settings.portName() + ": " + e.getExceptionType(), e);
        }
        PollingReceiver poller = new PollingReceiver(port, settings.portName());
        Receiver receiver = poller;
        if (reception == Reception.BLOCKING) {
            try {
                receiver = BlockingReceiver.start(poller, settings.portName());
            } catch (IOException e) {
                LOG.warning("serial port " + settings.portName() + " falls back to polling reception: " + e.getMessage());
            }
        }
        return new JsscSerialPort(settings, timing, port, receiver);
    }

    private static void closeQuietly(SerialPort port, SerialSettings settings) {
        try {
            port.closePort();
        } catch (SerialPortException e) {
            LOG.fine("close " + settings.portName() + ": " + e);
        }
    }

    public SerialSettings settings() {
        return settings;
    }

    public Optional<LineTiming> timing() {
        return Optional.ofNullable(timing);
    }

    /** How this port receives (blocking, or polling after a fallback or on request). */
    public Reception reception() {
        return receiver.kind();
    }

    public boolean isOpen() {
        return open;
    }

    /** Bytes received and not yet read. */
    public int available() throws IOException {
        ensureOpen();
        return receiver.available();
    }

    /**
     * Reads what arrives, waiting up to {@code timeoutNanos} for the first byte.
     *
     * @return bytes read, 0 when nothing arrived in time
     * @throws InterruptedIOException if the thread was interrupted (the flag is restored)
     * @throws IOException if the port is closed or the device failed (e.g. the far end of a pty went away)
     */
    public int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException {
        ensureOpen();
        int n = receiver.read(buffer, offset, length, timeoutNanos);
        if (n > 0) {
            lineBusyUntil = Math.max(lineBusyUntil, System.nanoTime());
        }
        return n;
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
        receiver.close();
        closeQuietly(port, settings);
    }

    /** termios VMIN and VTIME of a port. */
    private static void stty(String portName, String vmin, String vtime) throws IOException {
        Process stty;
        try {
            stty = new ProcessBuilder(List.of("stty", "-F", portName, "min", vmin, "time", vtime))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run stty: " + e.getMessage(), e);
        }
        try {
            boolean ended = stty.waitFor(5, TimeUnit.SECONDS);
            String out = new String(stty.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!ended) {
                stty.destroyForcibly();
                throw new IOException("stty on " + portName + " did not finish in 5 s");
            }
            if (stty.exitValue() != 0) {
                throw new IOException("stty on " + portName + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stty.destroyForcibly();
            throw new InterruptedIOException("interrupted while configuring " + portName);
        }
    }

    /** Where {@link #read} gets its bytes from. */
    private sealed interface Receiver permits BlockingReceiver, PollingReceiver {
        Reception kind();

        int available() throws IOException;

        int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException;

        void close();
    }

    /**
     * The reading thread blocks in the kernel's read of the device, at most one VTIME slice
     * (100 ms) at a time, so it sees interrupts and a closed port within a slice; the last part
     * of a timeout shorter than a slice is polled.
     */
    private static final class BlockingReceiver implements Receiver {
        /** termios VTIME 1: 0.1 s. */
        private static final long SLICE = 100_000_000L;
        /** A read returning nothing well before its slice ended is the line hanging up, not a timeout. */
        private static final long HANGUP_BELOW = SLICE / 2;
        /** Margin so that a slice that overruns a little does not overrun the caller's timeout. */
        private static final long SLICE_MARGIN = 5_000_000L;
        private final String portName;
        private final FileInputStream in;
        private final PollingReceiver poller;

        private BlockingReceiver(String portName, FileInputStream in, PollingReceiver poller) {
            this.portName = portName;
            this.in = in;
            this.poller = poller;
        }

        /** Sets VMIN 0, VTIME 1 (a read returns with the first bytes, or with none after 0.1 s) and opens the device for reading. */
        static BlockingReceiver start(PollingReceiver poller, String portName) throws IOException {
            stty(portName, "0", "1");
            return new BlockingReceiver(portName, new FileInputStream(portName), poller);
        }

        @Override
        public Reception kind() {
            return Reception.BLOCKING;
        }

        @Override
        public int available() throws IOException {
            return poller.available();
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading " + portName);
                }
                long left = deadline - System.nanoTime();
                if (left < SLICE + SLICE_MARGIN) {
                    return poller.read(buffer, offset, length, left);
                }
                long start = System.nanoTime();
                int n;
                try {
                    n = in.read(buffer, offset, length);
                } catch (IOException e) {
                    throw new IOException("read from " + portName + " failed: " + e.getMessage(), e);
                }
                if (n > 0) {
                    return n;
                }
                if (System.nanoTime() - start < HANGUP_BELOW) {
                    throw new IOException("end of input on " + portName + " (the line hung up)");
                }
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                LOG.fine("close of " + portName + ": " + e);
            }
        }
    }

    /** Polls the driver's input count through jssc. */
    private static final class PollingReceiver implements Receiver {
        private final SerialPort port;
        private final String portName;

        PollingReceiver(SerialPort port, String portName) {
            this.port = port;
            this.portName = portName;
        }

        @Override
        public Reception kind() {
            return Reception.POLLING;
        }

        @Override
        public int available() throws IOException {
            try {
                return port.getInputBufferBytesCount();
            } catch (SerialPortException e) {
                throw new IOException("serial port " + portName + " failed: " + e.getExceptionType(), e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                int n = available();
                if (n > 0) {
                    byte[] got;
                    try {
                        got = port.readBytes(Math.min(n, length));
                    } catch (SerialPortException e) {
                        throw new IOException("read from " + portName + " failed: " + e.getExceptionType(), e);
                    }
                    if (got == null) {
                        return 0;
                    }
                    System.arraycopy(got, 0, buffer, offset, got.length);
                    return got.length;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                LockSupport.parkNanos(Math.min(left, POLL_MICROS * 1000));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading " + portName);
                }
            }
        }

        @Override
        public void close() {
            // nothing of its own
        }
    }
}
