package io.github.ccrhil.modbus.client;

import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client on a line several devices share, as an RS-485 bus: one transaction at a time on the
 * whole line, taken in turn (a fair lock: the longest waiter goes next, so no device on the bus is
 * starved). Every client of one bus wraps its own link in a client made with the same {@link Line}.
 */
public final class SharedLineClient implements ModbusClient {

    /** The shared line: its turn, and how many transactions it carried and how many waited for it. */
    public static final class Line {
        private final String name;
        private final ReentrantLock turn = new ReentrantLock(true);
        private final AtomicLong transactions = new AtomicLong();
        private final AtomicLong waited = new AtomicLong();
        private volatile int busy;
        private volatile int mostAtOnce;

        public Line(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Transactions carried so far. */
        public long transactions() {
            return transactions.get();
        }

        /** Transactions that found the line busy and waited their turn. */
        public long waited() {
            return waited.get();
        }

        /** The most transactions ever on the line at once: 1 on a line that holds its rule. */
        public int mostAtOnce() {
            return mostAtOnce;
        }
    }

    @FunctionalInterface
    private interface Transaction<T> {
        T run() throws LinkException;
    }

    private final ModbusClient inner;
    private final Line line;
    private final boolean closesInner;

    /** A device's own link taking its turn on {@code line}; closing this client closes the link. */
    public SharedLineClient(ModbusClient inner, Line line) {
        this(inner, line, true);
    }

    private SharedLineClient(ModbusClient inner, Line line, boolean closesInner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
        this.line = java.util.Objects.requireNonNull(line, "line");
        this.closesInner = closesInner;
    }

    /**
     * One device's use of the bus master that every device on {@code line} shares (one port on the
     * line, as a real RS-485 master has): transactions take their turn; closing this client leaves
     * the master open for the others (its owner closes it).
     */
    public static SharedLineClient sharing(ModbusClient master, Line line) {
        return new SharedLineClient(master, line, false);
    }

    private <T> T onTheLine(Transaction<T> t) throws LinkException {
        if (line.turn.isLocked()) {
            line.waited.incrementAndGet();
        }
        try {
            line.turn.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkInterruptedException("interrupted waiting for the turn on " + line.name, e);
        }
        try {
            int now = ++line.busy;
            if (now > line.mostAtOnce) {
                line.mostAtOnce = now;
            }
            line.transactions.incrementAndGet();
            return t.run();
        } finally {
            line.busy--;
            line.turn.unlock();
        }
    }

    @Override
    public boolean[] readCoils(int unitId, int address, int quantity) throws LinkException {
        return onTheLine(() -> inner.readCoils(unitId, address, quantity));
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int address, int quantity) throws LinkException {
        return onTheLine(() -> inner.readDiscreteInputs(unitId, address, quantity));
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int address, int quantity) throws LinkException {
        return onTheLine(() -> inner.readHoldingRegisters(unitId, address, quantity));
    }

    @Override
    public int[] readInputRegisters(int unitId, int address, int quantity) throws LinkException {
        return onTheLine(() -> inner.readInputRegisters(unitId, address, quantity));
    }

    @Override
    public void writeSingleCoil(int unitId, int address, boolean value) throws LinkException {
        onTheLine(() -> {
            inner.writeSingleCoil(unitId, address, value);
            return null;
        });
    }

    @Override
    public void writeSingleRegister(int unitId, int address, int value) throws LinkException {
        onTheLine(() -> {
            inner.writeSingleRegister(unitId, address, value);
            return null;
        });
    }

    @Override
    public void writeMultipleCoils(int unitId, int address, boolean[] values) throws LinkException {
        onTheLine(() -> {
            inner.writeMultipleCoils(unitId, address, values);
            return null;
        });
    }

    @Override
    public void writeMultipleRegisters(int unitId, int address, int[] values) throws LinkException {
        onTheLine(() -> {
            inner.writeMultipleRegisters(unitId, address, values);
            return null;
        });
    }

    @Override
    public int[] readWriteMultipleRegisters(int unitId, int readAddress, int readQuantity, int writeAddress, int[] values)
            throws LinkException {
        return onTheLine(() -> inner.readWriteMultipleRegisters(unitId, readAddress, readQuantity, writeAddress, values));
    }

    @Override
    public SortedMap<Integer, String> readDeviceIdentification(int unitId, int readCode) throws LinkException {
        return onTheLine(() -> inner.readDeviceIdentification(unitId, readCode));
    }

    @Override
    public java.util.Optional<RawLine> rawLine() {
        return inner.rawLine().map(raw -> new RawLine() {
            @Override
            public String describe() {
                return raw.describe();
            }

            @Override
            public int baudRate() {
                return raw.baudRate();
            }

            @Override
            public int bitsPerCharacter() {
                return raw.bitsPerCharacter();
            }

            @Override
            public byte[] send(byte[][] parts, java.time.Duration pause, java.time.Duration quiet, java.time.Duration listen)
                    throws LinkException {
                return onTheLine(() -> raw.send(parts, pause, quiet, listen)); // its turn on the bus, as a transaction's
            }
        });
    }

    @Override
    public void close() {
        if (closesInner) {
            inner.close();
        }
    }
}
