package io.github.ccrhil.modbus.serial;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;

import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Modbus RTU server on a serial port: one thread reads bytes, splits them into frames with
 * {@link RtuRequestFrameParser}, and answers requests for its unit id (broadcasts, unit 0, are
 * executed without an answer). Bad frames are dropped and counted; nothing on the line can stop
 * the server.
 *
 * <p>On an RS-485 bus several devices share one line: {@link #multiDrop} serves every node attached
 * to it ({@link #attach}), each answering the frames addressed to its own node id with its own
 * server core, as separate devices on the bus would. A frame for a node not attached is ignored
 * (counted as for another unit), a broadcast is executed by every attached node, none answering.
 * Line errors (CRC, truncated, oversized frames) belong to no node and are counted in the line's
 * own counters ({@link #counters()}); each node's requests in its core's.
 */
public final class ModbusRtuServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModbusRtuServer.class.getName());

    /** Silence that ends a frame when no line timing is emulated: generous, since a pty splits frames arbitrarily. */
    public static final Duration DEFAULT_SILENCE = Duration.ofMillis(20);

    /** How long one read waits while no frame is under way (closing the port ends it at once). */
    private static final long IDLE_READ_NANOS = 1_000_000_000L;

    private final java.util.concurrent.ConcurrentSkipListMap<Integer, ModbusServerCore> nodes =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final ServerCounters line;
    private final JsscSerialPort port;
    private final long silenceNanos;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts serving on an open port (the server closes it on {@link #close()}).
     *
     * @param unitId 1..247
     */
    public ModbusRtuServer(ModbusServerCore core, JsscSerialPort port, int unitId) {
        this(port, core.counters(), unitId, core);
    }

    /**
     * Starts serving an RS-485 bus on an open port: no node yet ({@link #attach} each), line errors
     * counted in fresh counters of the line's own.
     */
    public static ModbusRtuServer multiDrop(JsscSerialPort port) {
        return new ModbusRtuServer(port, new ServerCounters(), 0, null);
    }

    private ModbusRtuServer(JsscSerialPort port, ServerCounters line, int firstNode, ModbusServerCore first) {
        this.line = line;
        this.port = port;
        if (first != null) {
            attach(firstNode, first); // before the first byte is read
        }
        this.silenceNanos = port.timing().map(t -> t.interFrameGapNanos()).orElse(DEFAULT_SILENCE.toNanos());
        this.thread = new Thread(this::loop, "modbus-rtu-" + port.settings().portName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Puts a device on the bus at {@code node}: from now on it answers the frames addressed to
     * {@code node} (replacing the device attached there before, if any).
     *
     * @param node 1..247
     */
    public void attach(int node, ModbusServerCore core) {
        if (node < 1 || node > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, was " + node);
        }
        nodes.put(node, java.util.Objects.requireNonNull(core, "core"));
    }

    /** Takes the device at {@code node} off the bus: its frames are ignored from now on. */
    public void detach(int node) {
        nodes.remove(node);
    }

    /** The node ids answering on the bus now. */
    public java.util.Set<Integer> nodes() {
        return java.util.Set.copyOf(nodes.keySet());
    }

    /** The line's counters: for a single-unit server, its core's; on a multi-drop bus, the line's own. */
    public ServerCounters counters() {
        return line;
    }

    private void loop() {
        RtuRequestFrameParser parser = new RtuRequestFrameParser();
        byte[] buffer = new byte[512];
        ServerCounters c = line;
        while (!closed) {
            int n;
            try {
                n = port.read(buffer, 0, buffer.length, parser.awaitingSilence() ? silenceNanos : IDLE_READ_NANOS);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "RTU server stops: " + e);
                }
                return;
            }
            if (n == 0) {
                handle(parser.silence(), c);
                continue;
            }
            for (int i = 0; i < n; i++) {
                handle(parser.accept(buffer[i]), c);
            }
        }
    }

    private void handle(RtuRequestFrameParser.State state, ServerCounters c) {
        if (state instanceof RtuRequestFrameParser.ParseError e) {
            switch (e.kind()) {
                case BAD_CRC -> c.countCrcErrors();
                case OVERSIZED -> c.countOversizedFrames();
                case TRUNCATED -> c.countTruncatedFrames();
            }
            LOG.fine(() -> "dropped frame: " + e.detail());
        } else if (state instanceof RtuRequestFrameParser.Accumulated frame) {
            if (frame.unitId() == 0) {
                c.countBroadcasts();
                for (ModbusServerCore node : nodes.values()) {
                    node.process(frame.pdu()); // every node executes a broadcast; none answers
                }
                return;
            }
            int unitId = frame.unitId();
            ModbusServerCore core = nodes.get(unitId);
            if (core == null) {
                c.countOtherUnit(); // addressed to a device not on this line (or not here): ignored, as on a bus
                return;
            }
            java.util.Optional<byte[]> answer = core.process(frame.pdu());
            if (answer.isEmpty()) {
                return; // not a request (counted by the core)
            }
            try {
                port.writeFrame(Crc16.rtuFrame(unitId, answer.get()));
            } catch (IOException ex) {
                if (!closed) {
                    LOG.log(Level.WARNING, "RTU answer lost: " + ex);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        port.close(); // wakes the server's read
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
