package io.github.ccrhil.modbus.pdu;

import static io.github.ccrhil.modbus.pdu.FunctionCode.*;

import java.nio.charset.StandardCharsets;

/**
 * Request decoding and response encoding for the PDU (function code + data), independent of
 * RTU or TCP framing. Pure: no I/O, no state.
 */
public final class PduCodec {

    private PduCodec() {
    }

    /**
     * Decodes a request PDU.
     *
     * @throws PduDecodeException with the exception code the server must answer: 01 for a
     *     function it does not implement, 03 for a length, quantity or byte count out of range.
     *     Address range checks (02) belong to the device, which knows its map.
     */
    public static ModbusRequest decodeRequest(byte[] pdu, int offset, int length) throws PduDecodeException {
        if (length < 1) {
            throw new PduDecodeException(0, ExceptionCode.ILLEGAL_FUNCTION, "empty PDU");
        }
        int fc = pdu[offset] & 0xFF;
        if (fc == 0 || fc >= 0x80) {
            throw new PduDecodeException(fc & 0x7F, ExceptionCode.ILLEGAL_FUNCTION, "function code " + fc + " is not a request");
        }
        if (length > MAX_PDU) {
            throw new PduDecodeException(fc, ExceptionCode.ILLEGAL_DATA_VALUE, "PDU of " + length + " bytes exceeds " + MAX_PDU);
        }
        Reader r = new Reader(pdu, offset + 1, length - 1, fc);
        ModbusRequest request = switch (fc) {
            case READ_COILS, READ_DISCRETE_INPUTS -> {
                int address = r.u16();
                int quantity = r.u16();
                r.end();
                r.range(quantity, 1, MAX_READ_BITS, "quantity");
                r.fits(address, quantity);
                yield fc == READ_COILS ? new ModbusRequest.ReadCoils(address, quantity)
                        : new ModbusRequest.ReadDiscreteInputs(address, quantity);
            }
            case READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                int address = r.u16();
                int quantity = r.u16();
                r.end();
                r.range(quantity, 1, MAX_READ_REGISTERS, "quantity");
                r.fits(address, quantity);
                yield fc == READ_HOLDING_REGISTERS ? new ModbusRequest.ReadHoldingRegisters(address, quantity)
                        : new ModbusRequest.ReadInputRegisters(address, quantity);
            }
            case WRITE_SINGLE_COIL -> {
                int address = r.u16();
                int value = r.u16();
                r.end();
                if (value != 0xFF00 && value != 0x0000) {
                    throw new PduDecodeException(fc, ExceptionCode.ILLEGAL_DATA_VALUE,
                            "coil value must be 0xFF00 or 0x0000, was 0x" + Integer.toHexString(value));
                }
                yield new ModbusRequest.WriteSingleCoil(address, value == 0xFF00);
            }
            case WRITE_SINGLE_REGISTER -> {
                int address = r.u16();
                int value = r.u16();
                r.end();
                yield new ModbusRequest.WriteSingleRegister(address, value);
            }
            case WRITE_MULTIPLE_COILS -> {
                int address = r.u16();
                int quantity = r.u16();
                int byteCount = r.u8();
                r.range(quantity, 1, MAX_WRITE_COILS, "quantity");
                if (byteCount != (quantity + 7) / 8) {
                    throw r.value("byte count " + byteCount + " does not match " + quantity + " coils");
                }
                byte[] bits = r.bytes(byteCount);
                r.end();
                r.fits(address, quantity);
                boolean[] values = new boolean[quantity];
                for (int i = 0; i < quantity; i++) {
                    values[i] = (bits[i / 8] & (1 << (i % 8))) != 0;
                }
                yield new ModbusRequest.WriteMultipleCoils(address, values);
            }
            case WRITE_MULTIPLE_REGISTERS -> {
                int address = r.u16();
                int quantity = r.u16();
                int byteCount = r.u8();
                r.range(quantity, 1, MAX_WRITE_REGISTERS, "quantity");
                if (byteCount != 2 * quantity) {
                    throw r.value("byte count " + byteCount + " does not match " + quantity + " registers");
                }
                int[] values = r.words(quantity);
                r.end();
                r.fits(address, quantity);
                yield new ModbusRequest.WriteMultipleRegisters(address, values);
            }
            case READ_WRITE_MULTIPLE_REGISTERS -> {
                int readAddress = r.u16();
                int readQuantity = r.u16();
                int writeAddress = r.u16();
                int writeQuantity = r.u16();
                int byteCount = r.u8();
                r.range(readQuantity, 1, MAX_READ_REGISTERS, "read quantity");
                r.range(writeQuantity, 1, MAX_READ_WRITE_WRITE_REGISTERS, "write quantity");
                if (byteCount != 2 * writeQuantity) {
                    throw r.value("byte count " + byteCount + " does not match " + writeQuantity + " registers");
                }
                int[] values = r.words(writeQuantity);
                r.end();
                r.fits(readAddress, readQuantity);
                r.fits(writeAddress, writeQuantity);
                yield new ModbusRequest.ReadWriteMultipleRegisters(readAddress, readQuantity, writeAddress, values);
            }
            case ENCAPSULATED_INTERFACE -> {
                int mei = r.u8();
                if (mei != MEI_READ_DEVICE_IDENTIFICATION) {
                    throw new PduDecodeException(fc, ExceptionCode.ILLEGAL_FUNCTION, "MEI type " + mei + " not supported");
                }
                int readCode = r.u8();
                int objectId = r.u8();
                r.end();
                r.range(readCode, 1, 4, "read device id code");
                yield new ModbusRequest.ReadDeviceIdentification(readCode, objectId);
            }
            default -> throw new PduDecodeException(fc, ExceptionCode.ILLEGAL_FUNCTION, "function code " + fc + " not supported");
        };
        return request;
    }

    /** Encodes a response PDU into a new array (function code first). */
    public static byte[] encodeResponse(ModbusResponse response) {
        if (response instanceof ModbusResponse.ReadBits bits) {
            boolean[] v = bits.values();
            int n = (v.length + 7) / 8;
            byte[] out = new byte[2 + n];
            out[0] = (byte) bits.functionCode();
            out[1] = (byte) n;
            for (int i = 0; i < v.length; i++) {
                if (v[i]) {
                    out[2 + i / 8] |= (byte) (1 << (i % 8));
                }
            }
            return out;
        } else if (response instanceof ModbusResponse.ReadRegisters regs) {
            int[] v = regs.values();
            byte[] out = new byte[2 + 2 * v.length];
            out[0] = (byte) regs.functionCode();
            out[1] = (byte) (2 * v.length);
            for (int i = 0; i < v.length; i++) {
                out[2 + 2 * i] = (byte) (v[i] >> 8);
                out[3 + 2 * i] = (byte) v[i];
            }
            return out;
        } else if (response instanceof ModbusResponse.WriteEcho echo) {
            return new byte[] {(byte) echo.functionCode(), (byte) (echo.address() >> 8), (byte) echo.address(),
                (byte) (echo.valueOrQuantity() >> 8), (byte) echo.valueOrQuantity()};
        } else if (response instanceof ModbusResponse.DeviceIdentification id) {
            int size = 7;
            for (ModbusResponse.DeviceObject o : id.objects()) {
                size += 2 + o.value().getBytes(StandardCharsets.US_ASCII).length;
            }
            byte[] out = new byte[size];
            out[0] = (byte) ENCAPSULATED_INTERFACE;
            out[1] = (byte) MEI_READ_DEVICE_IDENTIFICATION;
            out[2] = (byte) id.readCode();
            out[3] = (byte) id.conformityLevel();
            out[4] = (byte) (id.moreFollows() ? 0xFF : 0x00);
            out[5] = (byte) (id.moreFollows() ? id.nextObjectId() : 0);
            out[6] = (byte) id.objects().size();
            int p = 7;
            for (ModbusResponse.DeviceObject o : id.objects()) {
                byte[] b = o.value().getBytes(StandardCharsets.US_ASCII);
                out[p++] = (byte) o.id();
                out[p++] = (byte) b.length;
                System.arraycopy(b, 0, out, p, b.length);
                p += b.length;
            }
            return out;
        } else if (response instanceof ModbusResponse.ExceptionResponse ex) {
            return new byte[] {(byte) ex.wireFunctionCode(), (byte) ex.code().code()};
        }
        throw new IllegalArgumentException("unknown response " + response);
    }

    /** Encodes a request PDU (used by tests; the TCP client encodes into its buffer, below). */
    public static byte[] encodeRequest(ModbusRequest request) {
        byte[] out = new byte[MAX_PDU];
        return java.util.Arrays.copyOf(out, encodeRequest(request, out, 0));
    }

    /**
     * Encodes a request PDU into {@code out} at {@code offset}, without allocating (a client's
     * hot path frames into one reused buffer).
     *
     * @return the PDU's length in bytes
     * @throws IndexOutOfBoundsException if the PDU does not fit ({@value FunctionCode#MAX_PDU} bytes always do)
     */
    public static int encodeRequest(ModbusRequest request, byte[] out, int offset) {
        int p = offset;
        out[p++] = (byte) request.functionCode();
        if (request instanceof ModbusRequest.ReadCoils q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.quantity());
        } else if (request instanceof ModbusRequest.ReadDiscreteInputs q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.quantity());
        } else if (request instanceof ModbusRequest.ReadHoldingRegisters q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.quantity());
        } else if (request instanceof ModbusRequest.ReadInputRegisters q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.quantity());
        } else if (request instanceof ModbusRequest.WriteSingleCoil q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.value() ? 0xFF00 : 0);
        } else if (request instanceof ModbusRequest.WriteSingleRegister q) {
            p = u16(out, p, q.address()); p = u16(out, p, q.value());
        } else if (request instanceof ModbusRequest.WriteMultipleCoils q) {
            boolean[] v = q.values();
            int bytes = (v.length + 7) / 8;
            p = u16(out, p, q.address()); p = u16(out, p, v.length);
            out[p++] = (byte) bytes;
            java.util.Arrays.fill(out, p, p + bytes, (byte) 0);
            for (int i = 0; i < v.length; i++) {
                if (v[i]) {
                    out[p + i / 8] |= (byte) (1 << (i % 8));
                }
            }
            p += bytes;
        } else if (request instanceof ModbusRequest.WriteMultipleRegisters q) {
            int[] v = q.values();
            p = u16(out, p, q.address()); p = u16(out, p, v.length);
            out[p++] = (byte) (2 * v.length);
            for (int w : v) {
                p = u16(out, p, w);
            }
        } else if (request instanceof ModbusRequest.ReadWriteMultipleRegisters q) {
            int[] v = q.values();
            p = u16(out, p, q.readAddress()); p = u16(out, p, q.readQuantity());
            p = u16(out, p, q.writeAddress()); p = u16(out, p, v.length);
            out[p++] = (byte) (2 * v.length);
            for (int w : v) {
                p = u16(out, p, w);
            }
        } else if (request instanceof ModbusRequest.ReadDeviceIdentification q) {
            out[p++] = (byte) MEI_READ_DEVICE_IDENTIFICATION;
            out[p++] = (byte) q.readCode();
            out[p++] = (byte) q.objectId();
        }
        return p - offset;
    }

    private static int u16(byte[] out, int p, int v) {
        out[p] = (byte) (v >> 8);
        out[p + 1] = (byte) v;
        return p + 2;
    }

    private static final class Reader {
        private final byte[] b;
        private int p;
        private final int end;
        private final int fc;

        Reader(byte[] b, int p, int len, int fc) {
            this.b = b;
            this.p = p;
            this.end = p + len;
            this.fc = fc;
        }

        PduDecodeException value(String message) {
            return new PduDecodeException(fc, ExceptionCode.ILLEGAL_DATA_VALUE, message);
        }

        int u8() throws PduDecodeException {
            if (p >= end) {
                throw value("PDU truncated");
            }
            return b[p++] & 0xFF;
        }

        int u16() throws PduDecodeException {
            return (u8() << 8) | u8();
        }

        byte[] bytes(int n) throws PduDecodeException {
            if (end - p < n) {
                throw value("PDU truncated");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, p, p + n);
            p += n;
            return out;
        }

        int[] words(int n) throws PduDecodeException {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = u16();
            }
            return out;
        }

        void end() throws PduDecodeException {
            if (p != end) {
                throw value((end - p) + " trailing bytes in PDU");
            }
        }

        void range(int v, int lo, int hi, String what) throws PduDecodeException {
            if (v < lo || v > hi) {
                throw value(what + " " + v + " outside " + lo + ".." + hi);
            }
        }

        void fits(int address, int quantity) throws PduDecodeException {
            if (address + quantity > 0x10000) {
                throw new PduDecodeException(fc, ExceptionCode.ILLEGAL_DATA_ADDRESS,
                        "address " + address + " + quantity " + quantity + " passes 65535");
            }
        }
    }
}
