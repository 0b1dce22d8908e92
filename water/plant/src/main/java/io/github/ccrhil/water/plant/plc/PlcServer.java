package io.github.ccrhil.water.plant.plc;

import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointAccessor;
import io.github.ccrhil.modbus.profile.PointType;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.profile.Table;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A PLC's Modbus TCP server: the project's one Modbus stack ({@link ModbusTcpServer} framing,
 * {@link ModbusServerCore} decoding, a {@link RegisterImage} of the PLC's profile) over the PLC's
 * data table.
 * <ul>
 *   <li>every address of the profile can be read; any other address answers 02, as does a write
 *       to a read-only point;</li>
 *   <li>a set-point value outside its point's min/max, or refused by the program's cross-check,
 *       answers 03 and changes nothing (counted in {@link #refusedWrites()});</li>
 *   <li>a malformed frame is dropped and counted ({@link ServerCounters}); a header the stream
 *       cannot be resynchronised after closes that connection only;</li>
 *   <li>unit ids: the PLC's own, 0 and 255 are answered; any other is ignored (no answer) and
 *       counted, the policy of {@link ModbusTcpServer}.</li>
 *   <li>the lease-epoch fence: holding registers {@value #FENCE_ADDRESS}-{@value #FENCE_ADDRESS}+1
 *       read the highest lease epoch the PLC has seen (u32, high word first). FC 16 of two
 *       registers there raises it; of five registers (epoch high, epoch low, table 0 coil or 1
 *       holding register, address, raw value) it raises it and writes that one point, as a plain
 *       write would (range and cross-checks included). An epoch below the highest seen answers 03
 *       and writes nothing (counted in {@link #fencedWrites()}): a server whose lease has passed to
 *       another cannot write, whatever it believes.</li>
 * </ul>
 * The PLC scans on its own whether or not a client is connected: this class never scans.
 */
public final class PlcServer implements AutoCloseable {
    /** First holding register of the lease-epoch fence (outside every profile). */
    public static final int FENCE_ADDRESS = 0xF000;

    private final Plc plc;
    private final AtomicLong fenceEpoch = new AtomicLong();
    private final AtomicLong fencedWrites = new AtomicLong();
    private final ModbusTcpServer server;
    private final AtomicLong refusedWrites = new AtomicLong();
    private final DataTable data;

    private PlcServer(Plc plc, InetSocketAddress bind, io.github.ccrhil.modbus.tcp.TlsSettings tls) throws IOException {
        this.plc = plc;
        this.data = new DataTable(plc);
        RequestHandler image = new RegisterImage(plc.memory().profile(), data);
        ModbusServerCore core = new ModbusServerCore(new Fence(new CountingRefusals(image, refusedWrites), fenceEpoch, fencedWrites));
        this.server = tls == null ? new ModbusTcpServer(core, bind, plc.unitId())
                : ModbusTcpServer.secure(core, bind, plc.unitId(), io.github.ccrhil.modbus.tcp.ConnectionLimits.defaults(), tls,
                        roles(plc.memory().profile()));
    }

    /**
     * The Modbus/TCP Security roles of a PLC: those its profile declares ({@code roles:}), else
     * Modbus.org's example (operators read, engineers read and write, no role nothing).
     */
    public static io.github.ccrhil.modbus.server.RolePolicy roles(io.github.ccrhil.modbus.profile.Profile profile) {
        return profile.rolePolicy().orElseGet(io.github.ccrhil.modbus.server.RolePolicy::operatorAndEngineer);
    }

    /**
     * Starts serving {@code plc} as Modbus/TCP Security (TLS with mutual authentication; the
     * standard port is 802): a client must present a certificate from a CA {@code tls} trusts,
     * and its role (from the certificate) may do what the PLC profile's {@code roles:} say.
     */
    public static PlcServer startSecure(Plc plc, InetAddress bind, int port, io.github.ccrhil.modbus.tcp.TlsSettings tls)
            throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return new PlcServer(plc, new InetSocketAddress(bind, port), java.util.Objects.requireNonNull(tls, "tls"));
    }

    /** Starts serving {@code plc} on {@code bind}:{@code port} (port 0 picks a free one). */
    public static PlcServer start(Plc plc, InetAddress bind, int port) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return new PlcServer(plc, new InetSocketAddress(bind, port), null);
    }

    /** Starts serving on 127.0.0.1 at an ephemeral port. */
    public static PlcServer startOnLoopback(Plc plc) throws IOException {
        return start(plc, InetAddress.getLoopbackAddress(), 0);
    }

    public int port() {
        return server.port();
    }

    public InetAddress address() {
        return server.address().getAddress();
    }

    public Plc plc() {
        return plc;
    }

    /**
     * Simulates a network link fault: offline, every connection is dropped and new ones are
     * closed at once. The PLC itself goes on scanning.
     */
    public void setOnline(boolean online) {
        server.setOnline(online);
    }

    public boolean isOnline() {
        return server.isOnline();
    }

    /** Requests that reached the PLC (valid framing, its unit id). */
    public long requests() {
        return server.counters().snapshot().requests();
    }

    /** Writes refused with exception 03 (value out of range or refused by the program). */
    public long refusedWrites() {
        return refusedWrites.get();
    }

    /** Write requests the PLC accepted and applied (counted at the PLC: what a client's writes really did). */
    public long acceptedWrites() {
        return data.accepted.get();
    }

    /** The highest lease epoch written to the fence. */
    public long fenceEpoch() {
        return fenceEpoch.get();
    }

    /** Fenced writes refused because their epoch was below the highest seen (counted at the PLC). */
    public long fencedWrites() {
        return fencedWrites.get();
    }

    /** The server's diagnostic counters (dropped frames, other unit ids, ...). */
    public ServerCounters.Snapshot counters() {
        return server.counters().snapshot();
    }

    @Override
    public void close() {
        server.close();
    }

    /** The PLC's data table as the profile's points; one consistent snapshot per request. */
    private static final class DataTable implements PointAccessor {
        private final Plc plc;
        private final AtomicLong accepted = new AtomicLong();
        private int[] snapshot;

        DataTable(Plc plc) {
            this.plc = plc;
        }

        @Override
        public void beginRequest() {
            plc.contact();
            snapshot = plc.memory().snapshot();
        }

        @Override
        public Object read(Point point) {
            int raw = snapshot[plc.memory().indexOf(point)];
            return point.type() == PointType.BOOL ? (Object) (raw != 0) : (Object) PlcMemory.toEngineering(point, raw);
        }

        @Override
        public void write(List<PointWrite> writes) throws ModbusServiceException {
            PlcMemory m = plc.memory();
            synchronized (m) {
                Map<String, Double> pending = new LinkedHashMap<>();
                boolean registers = false;
                for (PointWrite w : writes) {
                    registers |= w.point().table() == Table.HOLDING_REGISTER;
                    pending.put(w.point().name(), w.value() instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) w.value()).doubleValue());
                }
                if (registers) {
                    String why = plc.program().veto(m, pending);
                    if (why != null) {
                        throw ModbusServiceException.illegalValue(why);
                    }
                }
                pending.forEach(m::set);
                accepted.incrementAndGet();
            }
        }
    }

    /** Counts the writes refused with 03. */
    private record CountingRefusals(RequestHandler image, AtomicLong refused) implements RequestHandler {
        @Override
        public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
            return image.readCoils(address, quantity);
        }

        @Override
        public boolean[] readDiscreteInputs(int address, int quantity) throws ModbusServiceException {
            return image.readDiscreteInputs(address, quantity);
        }

        @Override
        public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
            return image.readHoldingRegisters(address, quantity);
        }

        @Override
        public int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
            return image.readInputRegisters(address, quantity);
        }

        @Override
        public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
            try {
                image.writeCoils(address, values);
            } catch (ModbusServiceException e) {
                throw counted(e);
            }
        }

        @Override
        public void writeRegisters(int address, int[] values) throws ModbusServiceException {
            try {
                image.writeRegisters(address, values);
            } catch (ModbusServiceException e) {
                throw counted(e);
            }
        }

        private ModbusServiceException counted(ModbusServiceException e) {
            if (e.code() == ExceptionCode.ILLEGAL_DATA_VALUE) {
                refused.incrementAndGet();
            }
            return e;
        }

        @Override
        public DeviceIdentity identity() {
            return image.identity();
        }
    }

    /** The lease-epoch fence in front of the register image. */
    private record Fence(RequestHandler inner, AtomicLong epoch, AtomicLong refused) implements RequestHandler {
        @Override
        public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
            return inner.readCoils(address, quantity);
        }

        @Override
        public boolean[] readDiscreteInputs(int address, int quantity) throws ModbusServiceException {
            return inner.readDiscreteInputs(address, quantity);
        }

        @Override
        public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
            if (address == FENCE_ADDRESS && quantity == 2) {
                long e = epoch.get();
                return new int[] {(int) (e >>> 16) & 0xFFFF, (int) e & 0xFFFF};
            }
            return inner.readHoldingRegisters(address, quantity);
        }

        @Override
        public int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
            return inner.readInputRegisters(address, quantity);
        }

        @Override
        public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
            inner.writeCoils(address, values);
        }

        @Override
        public void writeRegisters(int address, int[] values) throws ModbusServiceException {
            if (address != FENCE_ADDRESS) {
                inner.writeRegisters(address, values);
                return;
            }
            if (values.length != 2 && values.length != 5) {
                throw ModbusServiceException.illegalValue("the fence takes 2 registers (epoch) or 5 (epoch, table, address, value)");
            }
            long e = ((long) values[0] << 16) | values[1];
            synchronized (this) {
                if (e < epoch.get()) {
                    refused.incrementAndGet();
                    throw ModbusServiceException.illegalValue("stale lease epoch " + e + " (the PLC has seen " + epoch.get() + ")");
                }
                if (values.length == 5 && values[2] != 0 && values[2] != 1) {
                    throw ModbusServiceException.illegalValue("fenced write table must be 0 (coil) or 1 (holding register)");
                }
                epoch.set(e);
                if (values.length == 5) {
                    if (values[2] == 0) {
                        inner.writeCoils(values[3], new boolean[] {values[4] != 0});
                    } else {
                        inner.writeRegisters(values[3], new int[] {values[4]});
                    }
                }
            }
        }

        @Override
        public DeviceIdentity identity() {
            return inner.identity();
        }
    }
}
