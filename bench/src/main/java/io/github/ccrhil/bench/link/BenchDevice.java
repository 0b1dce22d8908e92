package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;

/** The same map as the libmodbus baseline: 100 holding registers holding their own address. */
final class BenchDevice implements RequestHandler {

    private final int[] holding = new int[100];

    BenchDevice() {
        for (int i = 0; i < holding.length; i++) {
            holding[i] = i;
        }
    }

    @Override
    public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
        if (address + quantity > holding.length) {
            throw ModbusServiceException.illegalAddress("outside 0..99");
        }
        return java.util.Arrays.copyOfRange(holding, address, address + quantity);
    }

    @Override
    public void writeRegisters(int address, int[] values) throws ModbusServiceException {
        if (address + values.length > holding.length) {
            throw ModbusServiceException.illegalAddress("outside 0..99");
        }
        System.arraycopy(values, 0, holding, address, values.length);
    }
}
