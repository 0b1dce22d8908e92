package io.github.ccrhil.hil.link.serial;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * A serial port opened and configured through jssc, with deadline-bounded reads and optional
 * RS-485 line-timing emulation.
 *
 * <p><b>How bytes are received.</b> jssc offers no read that both wakes when a byte arrives and
 * can be woken by closing the port: its blocking read waits in the kernel and stays there when
 * the port is closed (measured), its timed read spins, and its event listener polls. So, where
 * the platform allows ({@link Reception#EVENT_DRIVEN}, the default on Linux and other POSIX
 * systems), the port is set to block for at least one byte (termios VMIN 1, VTIME 0, through
 * {@code stty}: jssc leaves VMIN 0, which makes a blocking read return at once) and one receiver
 * thread per port blocks in a read of the device through a {@link FileChannel}. It is woken by
 * the kernel the moment bytes arrive (as a select()-driven server such as libmodbus is) and hands
 * them to the reader through a buffer and a condition. Closing the channel interrupts the
 * blocked read (Java signals the thread), so {@link #close()} never leaves a thread behind. Where
 * {@code stty} is unavailable, or when asked with {@code -Dccrhil.serial.reception=polling},
 * reads poll the driver's input count (FIONREAD) every 100 µs ({@link Reception#POLLING};
 * {@code -Dccrhil.serial.pollMicros}), which adds up to an interval plus timer slack to each
 * frame's arrival.
 *
 * <p>The receive buffer holds {@value #RECEIVE_BUFFER} bytes; when it is full the receiver
 * stops reading, so the kernel's own buffer fills as it would without us (no byte is dropped
 * here).
 *
 * <p>On a pty, jssc's {@code setParams} returns false (TIOCMGET fails with ENOTTY) although the
 * termios settings are applied: that is logged, not treated as failure.
 */
public final class JsscSerialPort implements AutoCloseable {

    /** How received bytes reach {@link #read}. */
    public enum Reception {
        /** A receiver thread blocked in the kernel, woken by arriving bytes. */
        EVENT_DRIVEN,
        /** The reader polls the driver's input count. */
        POLLING
    }

    private static final Logger LOG = Logger.getLogger(JsscSerialPort.class.getName());
    static final long POLL_MICROS = Long.getLong("ccrhil.serial.pollMicros", 100);
    static final int RECEIVE_BUFFER = 8192;
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
     * Opens the port, receiving event-driven where the platform allows (see the class comment).
     *
     * @param timing line timing to emulate, or {@code null} to send at memory speed
     * @throws IOException if the device cannot be opened
     */
    public static JsscSerialPort open(SerialSettings settings, LineTiming timing) throws IOException {
        String asked = System.getProperty("ccrhil.serial.reception", "event-driven");
        Reception reception = switch (asked) {
            case "event-driven" -> Reception.EVENT_DRIVEN;
            case "polling" -> Reception.POLLING;
            default -> throw new IllegalArgumentException(
                    "ccrhil.serial.reception must be event-driven or polling, was " + asked);
        };
        return open(settings, timing, reception);
    }

    /**
     * Opens the port with the given reception. {@link Reception#EVENT_DRIVEN} falls back to
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
        Receiver receiver;
        if (reception == Reception.EVENT_DRIVEN) {
            try {
                receiver = EventDrivenReceiver.start(settings.portName());
            } catch (IOException e) {
                LOG.warning("serial port " + settings.portName() + " falls back to polling reception: " + e.getMessage());
                receiver = new PollingReceiver(port, settings.portName());
            }
        } else {
            receiver = new PollingReceiver(port, settings.portName());
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

    /** How this port receives (event-driven, or polling after a fallback or on request). */
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
        receiver.discard();
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

    /** Where {@link #read} gets its bytes from. */
    private sealed interface Receiver permits EventDrivenReceiver, PollingReceiver {
        Reception kind();

        int available() throws IOException;

        int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException;

        void discard();

        void close();
    }

    /** One thread blocked in the kernel's read of the device, handing bytes over through a ring buffer. */
    private static final class EventDrivenReceiver implements Receiver {
        private final String portName;
        private final FileChannel channel;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition arrived = lock.newCondition();
        private final Condition drained = lock.newCondition();
        private final byte[] ring = new byte[RECEIVE_BUFFER];
        private final Thread thread;
        private int head;
        private int count;
        private IOException failure;
        private volatile boolean closing;

        private EventDrivenReceiver(String portName, FileChannel channel) {
            this.portName = portName;
            this.channel = channel;
            this.thread = new Thread(this::receive, "serial-rx-" + portName);
            thread.setDaemon(true);
        }

        static EventDrivenReceiver start(String portName) throws IOException {
            blockForOneByte(portName);
            FileChannel channel = FileChannel.open(Path.of(portName), StandardOpenOption.READ);
            EventDrivenReceiver r = new EventDrivenReceiver(portName, channel);
            r.thread.start();
            return r;
        }

        /** termios VMIN 1, VTIME 0: a read blocks until at least one byte is there. */
        private static void blockForOneByte(String portName) throws IOException {
            Process stty;
            try {
                stty = new ProcessBuilder(List.of("stty", "-F", portName, "min", "1", "time", "0"))
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

        private void receive() {
            ByteBuffer chunk = ByteBuffer.allocateDirect(1024);
            byte[] copy = new byte[1024];
            try {
                while (true) {
                    chunk.clear();
                    lock.lock();
                    try {
                        while (count == ring.length && !closing) {
                            drained.await();
                        }
                        if (closing) {
                            return;
                        }
                        chunk.limit(Math.min(chunk.capacity(), ring.length - count));
                    } finally {
                        lock.unlock();
                    }
                    int n = channel.read(chunk);
                    if (n < 0) {
                        throw new IOException("end of input on " + portName);
                    }
                    if (n == 0) {
                        continue;
                    }
                    chunk.flip();
                    chunk.get(copy, 0, n);
                    lock.lock();
                    try {
                        int tail = (head + count) % ring.length;
                        int first = Math.min(n, ring.length - tail);
                        System.arraycopy(copy, 0, ring, tail, first);
                        System.arraycopy(copy, first, ring, 0, n - first);
                        count += n;
                        arrived.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (ClosedChannelException e) {
                fail(new IOException("serial port " + portName + " is closed"));
            } catch (IOException e) {
                fail(new IOException("read from " + portName + " failed: " + e.getMessage(), e));
            } catch (InterruptedException e) {
                fail(new IOException("receiver of " + portName + " was interrupted"));
            }
        }

        private void fail(IOException e) {
            lock.lock();
            try {
                if (failure == null) {
                    failure = e;
                }
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public Reception kind() {
            return Reception.EVENT_DRIVEN;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutNanos) throws IOException {
            if (length == 0) {
                return 0;
            }
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + portName);
            }
            try {
                long left = timeoutNanos;
                while (count == 0) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (left <= 0) {
                        return 0;
                    }
                    left = arrived.awaitNanos(left);
                }
                int n = Math.min(count, length);
                int first = Math.min(n, ring.length - head);
                System.arraycopy(ring, head, buffer, offset, first);
                System.arraycopy(ring, 0, buffer, offset + first, n - first);
                head = (head + n) % ring.length;
                count -= n;
                drained.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + portName);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void discard() {
            lock.lock();
            try {
                head = 0;
                count = 0;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                closing = true;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                channel.close(); // interrupts the blocked read
            } catch (IOException e) {
                LOG.fine("close of " + portName + " receiver: " + e);
            }
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warning("receiver of " + portName + " did not stop within 2 s of close");
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
        public void discard() {
            // the driver's queue is purged by the caller
        }

        @Override
        public void close() {
            // nothing of its own
        }
    }
}
