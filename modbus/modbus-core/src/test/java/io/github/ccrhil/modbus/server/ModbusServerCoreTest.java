package io.github.ccrhil.modbus.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the transport-independent core answers, and what it drops. */
class ModbusServerCoreTest {

    private final ModbusServerCore core = new ModbusServerCore(new RequestHandler() {
        @Override
        public int[] readHoldingRegisters(int address, int quantity) {
            return new int[quantity];
        }
    });

    @Test
    void aFunctionByteWithTheHighBitSetIsNotARequestAndIsDroppedAndCounted() {
        for (int fc = 0x80; fc <= 0xFF; fc++) {
            assertTrue(core.process(new byte[] {(byte) fc, 0, 0, 0, 1}).isEmpty(), "function byte " + fc);
        }
        assertEquals(128, core.counters().snapshot().malformedFrames());
        assertEquals(0, core.counters().snapshot().requests());
    }

    @Test
    void anUnknownFunctionBelow0x80IsAnsweredIllegalFunctionWithItsOwnCodePlus0x80() {
        assertArrayEquals(new byte[] {(byte) 0xC1, 0x01}, core.process(new byte[] {0x41}).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0x83, 0x03}, core.process(new byte[] {0x03, 0, 0, 0, 0}).orElseThrow(),
                "quantity 0 is illegal data value (03)");
    }
}
