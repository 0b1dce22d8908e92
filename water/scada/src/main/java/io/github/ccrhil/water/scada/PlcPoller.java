package io.github.ccrhil.water.scada;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.PointCodec;
import io.github.ccrhil.modbus.profile.PointType;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.profile.Table;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every point of one PLC's profile in as few transactions as the protocol allows (each
 * table from its first to its last address), with quality flags. Strings read as NaN.
 */
final class PlcPoller implements AutoCloseable {
    private final PlcEndpoint endpoint;
    private final ModbusTcpClient client;
    private final ProfileClient writer;
    private final PointCodec codec;
    private final int commFailAfter;
    private final List<Point> points;
    private final double[] last;
    private final String[] tags;
    /** Per table (by ordinal): its points in address order, and each one's slot in {@link #points}. */
    private final Point[][] byTable = new Point[Table.values().length][];
    private final int[][] slotByTable = new int[Table.values().length][];
    private int failures;
    private boolean everGood;
    private String lastError = "";

    PlcPoller(PlcEndpoint endpoint, Duration timeout, int commFailAfter) {
        this.endpoint = endpoint;
        this.client = endpoint.tls() == null ? new ModbusTcpClient(endpoint.host(), endpoint.port(), timeout)
                : new ModbusTcpClient(new java.net.InetSocketAddress(endpoint.host(), endpoint.port()), timeout, endpoint.tls());
        this.writer = new ProfileClient(client, endpoint.points(), endpoint.unitId());
        this.codec = PointCodec.of(endpoint.points());
        this.commFailAfter = commFailAfter;
        this.points = endpoint.points().points();
        this.last = new double[points.size()];
        java.util.Arrays.fill(last, Double.NaN);
        // The profile is immutable: resolve tables, slots and tag names once, not on every scan.
        this.tags = new String[points.size()];
        Map<Point, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            slot.put(points.get(i), i);
            tags[i] = endpoint.tag(points.get(i).name());
        }
        for (Table table : Table.values()) {
            Point[] inTable = endpoint.points().table(table).values().toArray(new Point[0]);
            int[] slots = new int[inTable.length];
            for (int k = 0; k < inTable.length; k++) {
                slots[k] = slot.get(inTable[k]);
            }
            byTable[table.ordinal()] = inTable;
            slotByTable[table.ordinal()] = slots;
        }
    }

    PlcEndpoint endpoint() {
        return endpoint;
    }

    /** Writes a point by name over this poller's connection (the profile checks the value first). */
    void write(String point, double value) throws LinkException {
        Point p = endpoint.points().require(point);
        writer.write(point, p.type() == PointType.BOOL ? (Object) (value >= 0.5) : (Object) value);
    }

    /** First holding register of a PLC's lease-epoch fence (where the PLC has one). */
    static final int FENCE_ADDRESS = 0xF000;
    /** Whether the PLC has a lease-epoch fence: null until asked. */
    private Boolean fenced;

    private boolean fenced() throws LinkException {
        if (fenced == null) {
            try {
                client.readHoldingRegisters(endpoint.unitId(), FENCE_ADDRESS, 2);
                fenced = true;
            } catch (io.github.ccrhil.modbus.client.ModbusExceptionResponse e) {
                fenced = false; // a PLC without a fence: plain writes
            }
        }
        return fenced;
    }

    private static int[] epochWords(long epoch) {
        return new int[] {(int) (epoch >>> 16) & 0xFFFF, (int) epoch & 0xFFFF};
    }

    /**
     * Tells the PLC the lease epoch of the new active, where it has a fence: from then on it refuses
     * writes of any older epoch.
     */
    void announceEpoch(long epoch) throws LinkException {
        if (fenced()) {
            try {
                client.writeMultipleRegisters(endpoint.unitId(), FENCE_ADDRESS, epochWords(epoch));
            } catch (io.github.ccrhil.modbus.client.ModbusExceptionResponse e) {
                throw new StaleEpochException(e, epoch, fenceEpoch());
            }
        }
    }

    private long fenceEpoch() throws LinkException {
        int[] w = client.readHoldingRegisters(endpoint.unitId(), FENCE_ADDRESS, 2);
        return ((long) w[0] << 16) | w[1];
    }

    /**
     * Writes a point carrying the writer's lease epoch where the PLC has a fence (one FC 16: epoch,
     * table, address, raw value) and single-register or coil points; a plain write otherwise. A
     * refusal because the PLC has seen a newer epoch is a {@link StaleEpochException}.
     */
    void write(String point, double value, long epoch) throws LinkException {
        Point p = endpoint.points().require(point);
        boolean one = p.table() == Table.COIL || (p.table() == Table.HOLDING_REGISTER && p.size() == 1);
        if (epoch <= 0 || !one || !fenced()) {
            write(point, value);
            return;
        }
        if (!p.access().writable()) {
            throw new IllegalArgumentException(point + " is read-only");
        }
        int raw = p.table() == Table.COIL ? (value >= 0.5 ? 1 : 0) : codec.encodeForWrite(p, value)[0];
        int[] e = epochWords(epoch);
        try {
            client.writeMultipleRegisters(endpoint.unitId(), FENCE_ADDRESS,
                    new int[] {e[0], e[1], p.table() == Table.COIL ? 0 : 1, p.address(), raw});
        } catch (io.github.ccrhil.modbus.client.ModbusExceptionResponse refused) {
            long seen = fenceEpoch();
            if (seen > epoch) {
                throw new StaleEpochException(refused, epoch, seen);
            }
            throw refused;
        }
    }

    /** The PLC refused a write because it has seen a newer lease epoch than the writer's. */
    public static final class StaleEpochException extends io.github.ccrhil.modbus.client.ModbusExceptionResponse {
        private final String message;

        StaleEpochException(io.github.ccrhil.modbus.client.ModbusExceptionResponse e, long mine, long seen) {
            super(e.functionCode(), e.exceptionCode());
            message = "stale lease epoch: this server wrote with epoch " + mine + ", the PLC has seen epoch " + seen;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    String lastError() {
        return lastError;
    }

    Quality currentQuality() {
        if (failures == 0) {
            return everGood ? Quality.GOOD : Quality.COMM_FAIL;
        }
        return failures >= commFailAfter ? Quality.COMM_FAIL : Quality.STALE;
    }

    /** One poll; never throws for a link fault (that becomes the quality). */
    List<Sample> poll(Instant time) {
        try {
            double[] fresh = readAll();
            System.arraycopy(fresh, 0, last, 0, fresh.length);
            failures = 0;
            everGood = true;
            lastError = "";
        } catch (LinkException e) {
            failures++;
            lastError = e.getMessage();
        }
        Quality q = currentQuality();
        if (!everGood) {
            q = failures >= commFailAfter ? Quality.COMM_FAIL : Quality.STALE;
        }
        List<Sample> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            out.add(new Sample(tags[i], time, last[i], q));
        }
        return out;
    }

    private double[] readAll() throws LinkException {
        double[] v = new double[points.size()];
        int unit = endpoint.unitId();
        for (Table table : Table.values()) {
            Point[] inTable = byTable[table.ordinal()];
            int[] slots = slotByTable[table.ordinal()];
            if (inTable.length == 0) {
                continue;
            }
            int first = inTable[0].address();
            int end = 0;
            for (Point p : inTable) {
                end = Math.max(end, p.lastAddress() + 1);
            }
            int chunk = table.isBits() ? 2000 : 125;
            int[] raw = new int[end - first];
            for (int a = first; a < end; a += chunk) {
                int n = Math.min(chunk, end - a);
                switch (table) {
                    case COIL, DISCRETE_INPUT -> {
                        boolean[] bits = table == Table.COIL ? client.readCoils(unit, a, n) : client.readDiscreteInputs(unit, a, n);
                        for (int i = 0; i < n; i++) {
                            raw[a - first + i] = bits[i] ? 1 : 0;
                        }
                    }
                    case INPUT_REGISTER, HOLDING_REGISTER -> {
                        int[] regs = table == Table.HOLDING_REGISTER ? client.readHoldingRegisters(unit, a, n)
                                : client.readInputRegisters(unit, a, n);
                        System.arraycopy(regs, 0, raw, a - first, n);
                    }
                }
            }
            for (int k = 0; k < inTable.length; k++) {
                Point p = inTable[k];
                double value;
                if (table.isBits()) {
                    value = raw[p.address() - first];
                } else {
                    Object o = codec.decode(p, raw, p.address() - first);
                    value = o instanceof Number n ? n.doubleValue() : Double.NaN;
                }
                v[slots[k]] = value;
            }
        }
        return v;
    }

    @Override
    public void close() {
        client.close();
    }
}
