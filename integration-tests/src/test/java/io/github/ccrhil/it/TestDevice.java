package io.github.ccrhil.it;

import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;
import java.util.Map;

/**
 * A small device for link tests: 10 coils, 10 discrete inputs, 10 input registers, 10 holding
 * registers. Holding register 0 is a "step" accepting 0..5 only; input register 0 follows it
 * (measured = step × 1000). Writes to holding register 9 are refused with 01 while {@link #local}.
 */
public final class TestDevice implements RequestHandler {

    public final boolean[] coils = new boolean[10];
    public final boolean[] discretes = new boolean[10];
    public final int[] inputs = new int[10];
    public final int[] holding = new int[10];
    public volatile boolean local;

    @Override
    public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
        check(address, quantity, coils.length);
        return java.util.Arrays.copyOfRange(coils, address, address + quantity);
    }

    @Override
    public boolean[] readDiscreteInputs(int address, int quantity) throws ModbusServiceException {
        check(address, quantity, discretes.length);
        return java.util.Arrays.copyOfRange(discretes, address, address + quantity);
    }

    @Override
    public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
        check(address, quantity, holding.length);
        return java.util.Arrays.copyOfRange(holding, address, address + quantity);
    }

    @Override
    public int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
        check(address, quantity, inputs.length);
        inputs[0] = holding[0] * 1000;
        return java.util.Arrays.copyOfRange(inputs, address, address + quantity);
    }

    @Override
    public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
        check(address, values.length, coils.length);
        refuseIfLocal();
        System.arraycopy(values, 0, coils, address, values.length);
    }

    @Override
    public void writeRegisters(int address, int[] values) throws ModbusServiceException {
        check(address, values.length, holding.length);
        refuseIfLocal();
        if (address == 0 && values[0] > 5) {
            throw ModbusServiceException.illegalValue("step " + values[0] + " outside 0..5");
        }
        System.arraycopy(values, 0, holding, address, values.length);
    }

    @Override
    public DeviceIdentity identity() {
        return new DeviceIdentity(Map.of(0, "ccr-hil", 1, "TEST-DEV", 2, "1.0", 0x80, "board rev B"));
    }

    private void refuseIfLocal() throws ModbusServiceException {
        if (local) {
            throw ModbusServiceException.illegalFunction("device in LOCAL");
        }
    }

    private static void check(int address, int quantity, int size) throws ModbusServiceException {
        if (address + quantity > size) {
            throw ModbusServiceException.illegalAddress(address + "+" + quantity + " outside 0.." + (size - 1));
        }
    }
}
