package io.github.ccrhil.modbus.server;

import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.pdu.ModbusResponse;
import io.github.ccrhil.modbus.pdu.PduCodec;
import io.github.ccrhil.modbus.pdu.PduDecodeException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Transport-independent server logic: request PDU in, response PDU out. Serialises all requests
 * to the handler (one transaction at a time, across all connections and transports that share
 * this core, first come first served), and never throws: a handler crash is answered 04 and
 * counted.
 */
public final class ModbusServerCore {

    private static final Logger LOG = Logger.getLogger(ModbusServerCore.class.getName());

    private final RequestHandler handler;
    private final ServerCounters counters;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock(true);

    public ModbusServerCore(RequestHandler handler) {
        this(handler, new ServerCounters());
    }

    public ModbusServerCore(RequestHandler handler, ServerCounters counters) {
        this.handler = java.util.Objects.requireNonNull(handler, "handler");
        this.counters = java.util.Objects.requireNonNull(counters, "counters");
    }

    public ServerCounters counters() {
        return counters;
    }

    /**
     * Processes one request PDU; returns the response PDU, or nothing for a PDU that is not a
     * request. A function byte with the high bit set (0x80..0xFF) is the shape of an exception
     * answer: the Modbus application protocol reserves those codes for answers, so no request
     * carries one. Such a PDU is dropped and counted as malformed, never answered: an answer
     * would be indistinguishable from an exception to the function in its low 7 bits (0x83 is
     * "exception to 03"), and on a serial line a server must not answer another server's answer.
     */
    public java.util.Optional<byte[]> process(byte[] pdu) {
        if (pdu.length == 0 || (pdu[0] & 0x80) != 0) {
            counters.countMalformedFrames();
            return java.util.Optional.empty();
        }
        counters.countRequests();
        ModbusResponse response = respond(pdu);
        if (response instanceof ModbusResponse.ExceptionResponse) {
            counters.countExceptionResponses();
        } else {
            counters.countNormalResponses();
        }
        return java.util.Optional.of(PduCodec.encodeResponse(response));
    }

    /** Processes one request PDU, as a record. */
    public ModbusResponse respond(byte[] pdu) {
        // Fair: a connection that floods the device waits its turn like the others, so the
        // legitimate master's request is served after at most one request of each other client.
        lock.lock();
        try {
            return respondLocked(pdu);
        } finally {
            lock.unlock();
        }
    }

    private ModbusResponse respondLocked(byte[] pdu) {
        int fc = pdu.length > 0 ? pdu[0] & 0x7F : 0;
        try {
            ModbusRequest request = PduCodec.decodeRequest(pdu, 0, pdu.length);
            return execute(request);
        } catch (PduDecodeException e) {
            return new ModbusResponse.ExceptionResponse(e.functionCode(), e.exceptionCode());
        } catch (ModbusServiceException e) {
            return new ModbusResponse.ExceptionResponse(fc, e.code());
        } catch (RuntimeException e) {
            counters.countDeviceFailures();
            LOG.log(Level.WARNING, "device failed on function " + fc + ": " + e, e);
            return new ModbusResponse.ExceptionResponse(fc, ExceptionCode.SERVER_DEVICE_FAILURE);
        }
    }

    private ModbusResponse execute(ModbusRequest request) throws ModbusServiceException {
        int fc = request.functionCode();
        if (request instanceof ModbusRequest.ReadCoils r) {
            return new ModbusResponse.ReadBits(fc, checkBits(handler.readCoils(r.address(), r.quantity()), r.quantity()));
        } else if (request instanceof ModbusRequest.ReadDiscreteInputs r) {
            return new ModbusResponse.ReadBits(fc, checkBits(handler.readDiscreteInputs(r.address(), r.quantity()), r.quantity()));
        } else if (request instanceof ModbusRequest.ReadHoldingRegisters r) {
            return new ModbusResponse.ReadRegisters(fc, checkWords(handler.readHoldingRegisters(r.address(), r.quantity()), r.quantity()));
        } else if (request instanceof ModbusRequest.ReadInputRegisters r) {
            return new ModbusResponse.ReadRegisters(fc, checkWords(handler.readInputRegisters(r.address(), r.quantity()), r.quantity()));
        } else if (request instanceof ModbusRequest.WriteSingleCoil r) {
            handler.writeCoils(r.address(), new boolean[] {r.value()});
            return new ModbusResponse.WriteEcho(fc, r.address(), r.value() ? 0xFF00 : 0);
        } else if (request instanceof ModbusRequest.WriteSingleRegister r) {
            handler.writeRegisters(r.address(), new int[] {r.value()});
            return new ModbusResponse.WriteEcho(fc, r.address(), r.value());
        } else if (request instanceof ModbusRequest.WriteMultipleCoils r) {
            boolean[] v = r.values();
            handler.writeCoils(r.address(), v);
            return new ModbusResponse.WriteEcho(fc, r.address(), v.length);
        } else if (request instanceof ModbusRequest.WriteMultipleRegisters r) {
            int[] v = r.values();
            handler.writeRegisters(r.address(), v);
            return new ModbusResponse.WriteEcho(fc, r.address(), v.length);
        } else if (request instanceof ModbusRequest.ReadWriteMultipleRegisters r) {
            return new ModbusResponse.ReadRegisters(fc, checkWords(
                    handler.readWriteRegisters(r.writeAddress(), r.values(), r.readAddress(), r.readQuantity()), r.readQuantity()));
        } else if (request instanceof ModbusRequest.ReadDeviceIdentification r) {
            DeviceIdentity identity = handler.identity();
            if (identity == null) {
                throw ModbusServiceException.illegalFunction("no device identification");
            }
            ModbusResponse.DeviceIdentification answer = identity.answer(r.readCode(), r.objectId());
            if (answer == null) {
                throw ModbusServiceException.illegalAddress("no device id object " + r.objectId());
            }
            return answer;
        }
        throw ModbusServiceException.illegalFunction("function " + fc + " not supported");
    }

    private static boolean[] checkBits(boolean[] v, int quantity) {
        if (v == null || v.length != quantity) {
            throw new IllegalStateException("handler returned " + (v == null ? "null" : v.length) + " bits for " + quantity);
        }
        return v;
    }

    private static int[] checkWords(int[] v, int quantity) {
        if (v == null || v.length != quantity) {
            throw new IllegalStateException("handler returned " + (v == null ? "null" : v.length) + " words for " + quantity);
        }
        for (int w : v) {
            if (w < 0 || w > 0xFFFF) {
                throw new IllegalStateException("handler returned word " + w + " outside 0..65535");
            }
        }
        return v;
    }
}
