package io.github.ccrhil.modbus.serial;

import io.github.ccrhil.modbus.link.FaultInjector;
import io.github.ccrhil.modbus.link.LinkFaults;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fault-injecting Modbus RTU link between two serial ports (typically the far ends of two socat
 * pty pairs: the master on one pair, the device on the other): it passes each frame on, or
 * corrupts its bytes, drops it, delays it or cuts the line, with the fault model of the TCP
 * {@code FaultyLink} ({@link FaultInjector}, {@link LinkFaults}). A frame is what arrives before
 * the line falls silent ({@link #silence()}). Unlike the TCP proxy it corrupts requests as well as
 * answers: every RTU frame carries a CRC, so a changed request is the device's to drop (and count),
 * as a changed answer is the master's. A cut is a line gone dead: for {@link #outage()} nothing
 * passes either way, as when a cable is pulled and put back.
 *
 * <p>Every decision comes from one {@link SplittableRandom} per direction, split from the link's
 * seed, so the same traffic meets the same faults. For test rigs and acceptance runs on a hostile
 * link; not for production traffic.
 */
public final class PtyFaultyLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PtyFaultyLink.class.getName());

    /** How long a cut line stays dead. */
    public static final Duration DEFAULT_OUTAGE = Duration.ofMillis(500);

    private final JsscSerialPort master;
    private final JsscSerialPort device;
    private final FaultInjector injector;
    private final Duration silence;
    private final Duration outage;
    private final Thread up;
    private final Thread down;
    private volatile long deadUntil = System.nanoTime();
    private volatile boolean closed;

    /**
     * Starts carrying frames between two open ports (closed by {@link #close()}), frames ending
     * at the RTU server's default silence and a cut lasting {@link #DEFAULT_OUTAGE}.
     */
    public PtyFaultyLink(JsscSerialPort masterSide, JsscSerialPort deviceSide, LinkFaults faults, long seed) {
        this(masterSide, deviceSide, faults, seed, ModbusRtuServer.DEFAULT_SILENCE, DEFAULT_OUTAGE);
    }

    public PtyFaultyLink(JsscSerialPort masterSide, JsscSerialPort deviceSide, LinkFaults faults, long seed,
                         Duration silence, Duration outage) {
        this.master = Objects.requireNonNull(masterSide, "masterSide");
        this.device = Objects.requireNonNull(deviceSide, "deviceSide");
        this.injector = new FaultInjector(faults);
        this.silence = Objects.requireNonNull(silence, "silence");
        this.outage = Objects.requireNonNull(outage, "outage");
        SplittableRandom seeds = new SplittableRandom(seed);
        SplittableRandom requests = seeds.split();
        SplittableRandom answers = seeds.split();
        this.up = start(master, device, requests, "requests");
        this.down = start(device, master, answers, "answers");
    }

    private Thread start(JsscSerialPort from, JsscSerialPort to, SplittableRandom random, String direction) {
        Thread t = new Thread(() -> pump(from, to, random), "pty-faulty-link-" + direction + "-" + from.settings().portName());
        t.setDaemon(true);
        t.start();
        return t;
    }

    public LinkFaults faults() {
        return injector.faults();
    }

    /** Frames carried and faults injected so far. */
    public FaultInjector.Counts counts() {
        return injector.counts();
    }

    public Duration silence() {
        return silence;
    }

    public Duration outage() {
        return outage;
    }

    /** Reads one frame at a time (bytes until the line is silent) and passes it on or not. */
    private void pump(JsscSerialPort from, JsscSerialPort to, SplittableRandom random) {
        byte[] frame = new byte[1024];
        long silenceNanos = silence.toNanos();
        try {
            while (!closed) {
                int size = from.read(frame, 0, frame.length, 1_000_000_000L);
                if (size == 0) {
                    continue;
                }
                while (size < frame.length) {
                    int n = from.read(frame, size, frame.length - size, silenceNanos);
                    if (n == 0) {
                        break;
                    }
                    size += n;
                }
                if (System.nanoTime() - deadUntil < 0) {
                    continue; // the line is dead: lost, and not a frame the link decided on
                }
                FaultInjector.Fate fate = injector.decide(random, frame, size, true);
                if (fate instanceof FaultInjector.Cut) {
                    deadUntil = System.nanoTime() + outage.toNanos();
                    continue;
                }
                if (fate instanceof FaultInjector.Pass pass) {
                    if (!pass.delay().isZero()) {
                        long nanos = pass.delay().toNanos();
                        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)); // the injected fault itself
                    }
                    byte[] out = new byte[size];
                    System.arraycopy(frame, 0, out, 0, size);
                    to.writeFrame(out);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "the fault-injecting serial link stops: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        master.close();
        device.close();
        try {
            up.join(2_000);
            down.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
