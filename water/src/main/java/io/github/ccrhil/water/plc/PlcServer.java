package io.github.ccrhil.water.plc;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.AbstractModbusListener;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A PLC's Modbus TCP server. j2mod parses the PDUs and applies them to the PLC's process image;
 * framing, the range check of set-points and the robustness are ours:
 * <ul>
 *   <li>binds any address and port, 0 for an ephemeral one ({@link #port()} tells which);</li>
 *   <li>an MBAP header with a protocol id other than 0 or a length outside 2..254 is a malformed
 *       frame: the connection is closed (a server cannot resynchronise a TCP stream), the PLC goes on;</li>
 *   <li>a PDU j2mod cannot read, or a quantity outside the protocol's limits, answers exception 03;</li>
 *   <li>a write to an unmapped or read-only address answers 02; a set-point value outside its
 *       point's range, or refused by the program's cross-check, answers 03 and changes nothing;</li>
 *   <li>a unit id other than the PLC's (or 0 / 255) answers 0x0B.</li>
 * </ul>
 * The PLC scans on its own whether or not a client is connected: this class never scans.
 */
public final class PlcServer implements AutoCloseable {
    /** Modbus exception 0x0B, gateway target device failed to respond. */
    public static final int GATEWAY_TARGET_FAILED = 0x0B;

    private final Plc plc;
    private final ServerSocket serverSocket;
    private final ExecutorService pool;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Listener listener = new Listener();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refusedWrites = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private volatile boolean online = true;
    private volatile boolean closed;

    private final class Listener extends AbstractModbusListener {
        @Override
        public ProcessImage getProcessImage(int unitId) {
            return plc.memory().image();
        }

        @Override
        public void run() {
        }

        @Override
        public void stop() {
        }
    }

    private PlcServer(Plc plc, ServerSocket socket) {
        this.plc = plc;
        this.serverSocket = socket;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "plc-" + plc.name() + "-modbus");
            t.setDaemon(true);
            return t;
        });
        pool.execute(this::acceptLoop);
    }

    /** Starts serving {@code plc} on {@code bind}:{@code port} (port 0 picks a free one). */
    public static PlcServer start(Plc plc, InetAddress bind, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bind, port), 64);
        return new PlcServer(plc, s);
    }

    /** Starts serving on 127.0.0.1 at an ephemeral port. */
    public static PlcServer startOnLoopback(Plc plc) throws IOException {
        return start(plc, InetAddress.getLoopbackAddress(), 0);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public InetAddress address() {
        return serverSocket.getInetAddress();
    }

    public Plc plc() {
        return plc;
    }

    /**
     * Simulates a network link fault: offline, every connection is dropped and new ones are
     * closed at once. The PLC itself goes on scanning.
     */
    public void setOnline(boolean online) {
        this.online = online;
        if (!online) {
            dropConnections();
        }
    }

    public boolean isOnline() {
        return online;
    }

    public long requests() {
        return requests.get();
    }

    public long refusedWrites() {
        return refusedWrites.get();
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (!online || closed) {
                closeQuietly(s);
                continue;
            }
            connections.add(s);
            try {
                pool.execute(() -> serve(s));
            } catch (RuntimeException rejected) {
                connections.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] header = new byte[7];
            while (!closed && online) {
                if (!readFully(in, header, 0, 7)) {
                    return;
                }
                int tid = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
                int protocol = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                int unit = header[6] & 0xFF;
                if (protocol != 0 || length < 2 || length > 254) {
                    malformedFrames.incrementAndGet();
                    return; // cannot resynchronise: drop this connection only
                }
                byte[] pdu = new byte[length - 1];
                if (!readFully(in, pdu, 0, pdu.length)) {
                    malformedFrames.incrementAndGet();
                    return;
                }
                requests.incrementAndGet();
                byte[] answer = handle(unit, pdu);
                ByteArrayOutputStream frame = new ByteArrayOutputStream(7 + answer.length);
                frame.write(tid >> 8);
                frame.write(tid);
                frame.write(0);
                frame.write(0);
                frame.write((answer.length + 1) >> 8);
                frame.write(answer.length + 1);
                frame.write(unit);
                frame.write(answer);
                out.write(frame.toByteArray());
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // a broken connection never takes the PLC down
        } finally {
            connections.remove(s);
        }
    }

    /** Handles one PDU (function code + data); returns the response PDU. */
    byte[] handle(int unit, byte[] pdu) {
        int fc = pdu[0] & 0xFF;
        if (unit != plc.unitId() && unit != 0 && unit != 255) {
            return new byte[] {(byte) (fc | 0x80), (byte) GATEWAY_TARGET_FAILED};
        }
        ModbusRequest request;
        try {
            request = ModbusRequest.createModbusRequest(fc);
            request.setUnitID(unit);
            request.setHeadless(true);
            request.readData(new DataInputStream(new ByteArrayInputStream(pdu, 1, pdu.length - 1)));
        } catch (EOFException e) {
            return exception(fc, Modbus.ILLEGAL_VALUE_EXCEPTION);
        } catch (IOException | RuntimeException e) {
            return exception(fc, Modbus.ILLEGAL_VALUE_EXCEPTION);
        }
        Integer code = check(request);
        if (code != null) {
            if (code == Modbus.ILLEGAL_VALUE_EXCEPTION && isWrite(request)) {
                refusedWrites.incrementAndGet();
            }
            return exception(fc, code);
        }
        ModbusResponse response;
        PlcMemory memory = plc.memory();
        try {
            synchronized (memory) {
                code = checkWriteValues(request);
                if (code != null) {
                    refusedWrites.incrementAndGet();
                    return exception(fc, code);
                }
                response = request.createResponse(listener);
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(data);
            d.writeByte(response.getFunctionCode());
            response.writeData(d);
            return data.toByteArray();
        } catch (IOException | RuntimeException e) {
            return exception(fc, Modbus.SLAVE_DEVICE_FAILURE);
        }
    }

    private static boolean isWrite(ModbusRequest r) {
        return r instanceof WriteSingleRegisterRequest || r instanceof WriteMultipleRegistersRequest
                || r instanceof WriteCoilRequest || r instanceof WriteMultipleCoilsRequest;
    }

    private static byte[] exception(int fc, int code) {
        return new byte[] {(byte) ((fc & 0x7F) | 0x80), (byte) code};
    }

    /** Quantity limits of the protocol and the mapping of written addresses. */
    private Integer check(ModbusRequest r) {
        PointMap map = plc.memory().map();
        if (r instanceof ReadMultipleRegistersRequest q) {
            return within(q.getWordCount(), 1, 125);
        } else if (r instanceof ReadInputRegistersRequest q) {
            return within(q.getWordCount(), 1, 125);
        } else if (r instanceof ReadCoilsRequest q) {
            return within(q.getBitCount(), 1, 2000);
        } else if (r instanceof ReadInputDiscretesRequest q) {
            return within(q.getBitCount(), 1, 2000);
        } else if (r instanceof WriteSingleRegisterRequest q) {
            return map.at(Area.HOLDING_REGISTER, q.getReference()) == null ? Modbus.ILLEGAL_ADDRESS_EXCEPTION : null;
        } else if (r instanceof WriteMultipleRegistersRequest q) {
            Integer c = within(q.getWordCount(), 1, 123);
            if (c != null) {
                return c;
            }
            for (int i = 0; i < q.getWordCount(); i++) {
                if (map.at(Area.HOLDING_REGISTER, q.getReference() + i) == null) {
                    return Modbus.ILLEGAL_ADDRESS_EXCEPTION;
                }
            }
        } else if (r instanceof WriteCoilRequest q) {
            return map.at(Area.COIL, q.getReference()) == null ? Modbus.ILLEGAL_ADDRESS_EXCEPTION : null;
        } else if (r instanceof WriteMultipleCoilsRequest q) {
            Integer c = within(q.getBitCount(), 1, 1968);
            if (c != null) {
                return c;
            }
            for (int i = 0; i < q.getBitCount(); i++) {
                if (map.at(Area.COIL, q.getReference() + i) == null) {
                    return Modbus.ILLEGAL_ADDRESS_EXCEPTION;
                }
            }
        }
        return null;
    }

    private static Integer within(int n, int lo, int hi) {
        return n >= lo && n <= hi ? null : Modbus.ILLEGAL_VALUE_EXCEPTION;
    }

    /** Range check of set-point values (holding the memory lock), then the program's cross-check. */
    private Integer checkWriteValues(ModbusRequest r) {
        PlcMemory m = plc.memory();
        PointMap map = m.map();
        Map<String, Double> pending = new LinkedHashMap<>();
        if (r instanceof WriteSingleRegisterRequest q) {
            Point p = map.at(Area.HOLDING_REGISTER, q.getReference());
            int raw = q.getRegister().toUnsignedShort();
            if (!p.accepts(raw)) {
                return Modbus.ILLEGAL_VALUE_EXCEPTION;
            }
            pending.put(p.name(), p.toEngineering(raw));
        } else if (r instanceof WriteMultipleRegistersRequest q) {
            for (int i = 0; i < q.getWordCount(); i++) {
                Point p = map.at(Area.HOLDING_REGISTER, q.getReference() + i);
                int raw = q.getRegisterValue(i) & 0xFFFF;
                if (!p.accepts(raw)) {
                    return Modbus.ILLEGAL_VALUE_EXCEPTION;
                }
                pending.put(p.name(), p.toEngineering(raw));
            }
        } else {
            return null;
        }
        return plc.program().veto(m, pending) == null ? null : Modbus.ILLEGAL_VALUE_EXCEPTION;
    }

    private static boolean readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private void dropConnections() {
        for (Socket s : connections) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // already closed
        }
        dropConnections();
        pool.shutdownNow();
    }

}
