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
 */
public final class ModbusRtuServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModbusRtuServer.class.getName());

    /** Silence that ends a frame when no line timing is emulated: generous, since a pty splits frames arbitrarily. */
    public static final Duration DEFAULT_SILENCE = Duration.ofMillis(20);

    /** How long one read waits while no frame is under way (closing the port ends it at once). */
    private static final long IDLE_READ_NANOS = 1_000_000_000L;

    private final ModbusServerCore core;
    private final JsscSerialPort port;
    private final int unitId;
    private final long silenceNanos;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts serving on an open port (the server closes it on {@link #close()}).
     *
     * @param unitId 1..247
     */
    public ModbusRtuServer(ModbusServerCore core, JsscSerialPort port, int unitId) {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id must be 1..247, was " + unitId);
        }
        this.core = core;
        this.port = port;
        this.unitId = unitId;
        this.silenceNanos = port.timing().map(t -> t.interFrameGapNanos()).orElse(DEFAULT_SILENCE.toNanos());
        this.thread = new Thread(this::loop, "modbus-rtu-" + port.settings().portName());
        thread.setDaemon(true);
        thread.start();
    }

    public ServerCounters counters() {
        return core.counters();
    }

    private void loop() {
        RtuRequestFrameParser parser = new RtuRequestFrameParser();
        byte[] buffer = new byte[512];
        ServerCounters c = core.counters();
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
                core.process(frame.pdu());
                return;
            }
            if (frame.unitId() != unitId) {
                c.countOtherUnit();
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
