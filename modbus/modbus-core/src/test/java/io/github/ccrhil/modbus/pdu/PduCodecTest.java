package io.github.ccrhil.modbus.pdu;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PduCodecTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static PduDecodeException refused(byte[] pdu) {
        return assertThrows(PduDecodeException.class, () -> PduCodec.decodeRequest(pdu, 0, pdu.length));
    }

    @Test
    void everyRequestSurvivesEncodeThenDecode() throws Exception {
        ModbusRequest[] requests = {
            new ModbusRequest.ReadCoils(1, 2000),
            new ModbusRequest.ReadDiscreteInputs(65535, 1),
            new ModbusRequest.ReadHoldingRegisters(10, 125),
            new ModbusRequest.ReadInputRegisters(0, 1),
            new ModbusRequest.WriteSingleCoil(7, true),
            new ModbusRequest.WriteSingleRegister(3, 65535),
            new ModbusRequest.WriteMultipleCoils(4, new boolean[] {true, false, true, true, false, false, false, false, true}),
            new ModbusRequest.WriteMultipleRegisters(100, new int[] {1, 2, 65535}),
            new ModbusRequest.ReadWriteMultipleRegisters(0, 4, 10, new int[] {9, 8}),
            new ModbusRequest.ReadDeviceIdentification(3, 0x80),
        };
        for (ModbusRequest r : requests) {
            byte[] pdu = PduCodec.encodeRequest(r);
            assertEquals(r, PduCodec.decodeRequest(pdu, 0, pdu.length), r.toString());
        }
    }

    @Test
    void aRequestEncodedIntoABufferAtAnOffsetIsTheSameBytesAndLeavesTheRestAlone() {
        byte[] buffer = new byte[7 + FunctionCode.MAX_PDU + 1];
        java.util.Arrays.fill(buffer, (byte) 0x5A);
        ModbusRequest coils = new ModbusRequest.WriteMultipleCoils(4, new boolean[] {true, false, true, true, false, false, false, false, true});
        int length = PduCodec.encodeRequest(coils, buffer, 7);
        assertArrayEquals(PduCodec.encodeRequest(coils), java.util.Arrays.copyOfRange(buffer, 7, 7 + length));
        assertEquals(0x5A, buffer[6], "byte before the PDU untouched");
        assertEquals(0x5A, buffer[7 + length], "byte after the PDU untouched");
        int[] most = new int[FunctionCode.MAX_WRITE_REGISTERS];
        assertEquals(6 + 2 * most.length, PduCodec.encodeRequest(new ModbusRequest.WriteMultipleRegisters(0, most), buffer, 7),
                "the longest write fits one PDU");
    }

    @Test
    void unknownFunctionIsIllegalFunction() {
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(bytes(0x07)).exceptionCode());
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(bytes(0x2B, 0x0D, 1, 0)).exceptionCode());
    }

    @Test
    void quantityOutsideProtocolLimitsIsIllegalValue() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x03, 0, 0, 0, 126)).exceptionCode());
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x03, 0, 0, 0, 0)).exceptionCode());
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x01, 0, 0, 0x07, 0xD1)).exceptionCode());
    }

    @Test
    void coilValueOtherThanOnOrOffIsIllegalValue() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x05, 0, 1, 0x12, 0x34)).exceptionCode());
    }

    @Test
    void byteCountThatDisagreesWithQuantityIsIllegalValue() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x10, 0, 0, 0, 2, 3, 0, 1, 0)).exceptionCode());
    }

    @Test
    void truncatedAndPaddedPdusAreIllegalValue() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x03, 0, 0, 0)).exceptionCode());
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(bytes(0x03, 0, 0, 0, 1, 9)).exceptionCode());
    }

    @Test
    void rangeRunningPastTheLastAddressIsIllegalAddress() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(bytes(0x03, 0xFF, 0xFF, 0, 2)).exceptionCode());
    }

    @Test
    void oversizedPduIsRefusedNotDecoded() {
        byte[] big = new byte[FunctionCode.MAX_PDU + 1];
        big[0] = 0x10;
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(big).exceptionCode());
    }

    @Test
    void readRegistersResponseIsByteCountThenBigEndianWords() {
        assertArrayEquals(bytes(0x03, 4, 0x12, 0x34, 0xFF, 0xFF),
                PduCodec.encodeResponse(new ModbusResponse.ReadRegisters(3, new int[] {0x1234, 0xFFFF})));
    }

    @Test
    void readBitsResponsePacksLeastSignificantBitFirst() {
        assertArrayEquals(bytes(0x01, 2, 0b0000_0101, 0b0000_0001),
                PduCodec.encodeResponse(new ModbusResponse.ReadBits(1, new boolean[] {true, false, true, false, false, false, false, false, true})));
    }

    @Test
    void exceptionResponseSetsTheHighBit() {
        assertArrayEquals(bytes(0x83, 0x02),
                PduCodec.encodeResponse(new ModbusResponse.ExceptionResponse(3, ExceptionCode.ILLEGAL_DATA_ADDRESS)));
    }

    @Test
    void crcOfTheSpecificationExample() {
        // Modbus over serial line guide: 01 03 00 00 00 01 → CRC 84 0A
        byte[] frame = Crc16.rtuFrame(1, bytes(0x03, 0, 0, 0, 1));
        assertEquals(0x84, frame[6] & 0xFF);
        assertEquals(0x0A, frame[7] & 0xFF);
        assertTrue(Crc16.check(frame, 0, frame.length));
        frame[3] ^= 1;
        assertFalse(Crc16.check(frame, 0, frame.length));
    }
}
