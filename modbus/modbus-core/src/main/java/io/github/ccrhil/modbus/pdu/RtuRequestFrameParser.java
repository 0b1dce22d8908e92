package io.github.ccrhil.modbus.pdu;

import java.util.Arrays;

/**
 * Splits a byte stream from an RTU line into request frames. A small state machine: the caller
 * feeds every received byte to {@link #accept(byte)} and reports each inter-frame silence (3.5
 * character times with nothing received) to {@link #silence()}.
 *
 * <p>The length of a request is known from its function code (and byte count), so a frame is
 * complete as soon as its last byte arrives, without waiting for the silence. A request with an
 * unknown function code ends at the next silence and, when its CRC is right, is handed on so the
 * server can answer 01. After any error the parser discards bytes until a silence, so the line
 * never stays half-synchronised. Never throws on any input.
 */
public final class RtuRequestFrameParser {

    /** Largest RTU ADU: address + 253-byte PDU + CRC. */
    public static final int MAX_ADU = 256;

    /** Where the parser is. */
    public sealed interface State permits Idle, Accumulating, Discarding, Accumulated, ParseError {
    }

    /** Waiting for the first byte of a frame. */
    public record Idle() implements State {
    }

    /** Inside a frame. @param received bytes so far @param expected total length, or -1 until the silence */
    public record Accumulating(int received, int expected) implements State {
    }

    /** Dropping bytes until the line falls silent. @param dropped bytes dropped so far */
    public record Discarding(int dropped) implements State {
    }

    /** A complete frame with a valid CRC. @param unitId 0..255 (0 broadcast) @param pdu function code and data */
    public record Accumulated(int unitId, byte[] pdu) implements State {
        public Accumulated { pdu = pdu.clone(); }
        public byte[] pdu() { return pdu.clone(); }
        @Override public boolean equals(Object o) {
            return o instanceof Accumulated a && a.unitId == unitId && Arrays.equals(a.pdu, pdu);
        }
        @Override public int hashCode() { return 31 * unitId + Arrays.hashCode(pdu); }
        @Override public String toString() { return "Accumulated[unit=" + unitId + ", pdu=" + Arrays.toString(pdu) + "]"; }
    }

    /** A frame was dropped. @param kind why @param detail one line for the log */
    public record ParseError(ErrorKind kind, String detail) implements State {
    }

    /** Why a frame was dropped. */
    public enum ErrorKind {
        /** The CRC did not match. */
        BAD_CRC,
        /** Longer than 256 bytes, or announcing a PDU over 253 bytes. */
        OVERSIZED,
        /** The line fell silent before the frame was complete. */
        TRUNCATED
    }

    private static final Idle IDLE = new Idle();

    private final byte[] buffer = new byte[MAX_ADU];
    private int count;
    private int expected = -1;
    private boolean discarding;
    private int dropped;

    /** Feeds one received byte. */
    public State accept(byte b) {
        if (discarding) {
            dropped++;
            return new Discarding(dropped);
        }
        if (count == MAX_ADU) {
            return error(ErrorKind.OVERSIZED, "frame longer than " + MAX_ADU + " bytes");
        }
        buffer[count++] = b;
        if (expected < 0 && count >= 2) {
            expected = expectedLength();
            if (expected > MAX_ADU) {
                return error(ErrorKind.OVERSIZED, "frame announces " + expected + " bytes, more than " + MAX_ADU);
            }
        }
        if (expected > 0 && count == expected) {
            return complete();
        }
        return new Accumulating(count, expected);
    }

    /** The line has been silent for 3.5 character times. */
    public State silence() {
        if (discarding) {
            discarding = false;
            dropped = 0;
            return IDLE;
        }
        if (count == 0) {
            return IDLE;
        }
        if (expected < 0 && count >= 4) {
            // Unknown function code: the silence ends the frame.
            State s = complete();
            discarding = false;
            return s;
        }
        State truncated = error(ErrorKind.TRUNCATED, "line silent after " + count + " of "
                + (expected < 0 ? "?" : String.valueOf(expected)) + " bytes");
        discarding = false; // this silence already resynchronised the line
        return truncated;
    }

    /** The current state, without feeding anything. */
    public State state() {
        if (discarding) {
            return new Discarding(dropped);
        }
        return count == 0 ? IDLE : new Accumulating(count, expected);
    }

    /** Forgets everything (e.g. after the port was reopened). */
    public void reset() {
        count = 0;
        expected = -1;
        discarding = false;
        dropped = 0;
    }

    private State complete() {
        int n = count;
        count = 0;
        expected = -1;
        if (!Crc16.check(buffer, 0, n)) {
            discarding = true;
            dropped = 0;
            return new ParseError(ErrorKind.BAD_CRC, "CRC mismatch in " + n + "-byte frame");
        }
        return new Accumulated(buffer[0] & 0xFF, Arrays.copyOfRange(buffer, 1, n - 2));
    }

    private State error(ErrorKind kind, String detail) {
        count = 0;
        expected = -1;
        discarding = true;
        dropped = 0;
        return new ParseError(kind, detail);
    }

    /** Total frame length from the bytes so far, -1 if not yet known or not knowable. */
    private int expectedLength() {
        int fc = buffer[1] & 0xFF;
        switch (fc) {
            case FunctionCode.READ_COILS, FunctionCode.READ_DISCRETE_INPUTS, FunctionCode.READ_HOLDING_REGISTERS,
                 FunctionCode.READ_INPUT_REGISTERS, FunctionCode.WRITE_SINGLE_COIL, FunctionCode.WRITE_SINGLE_REGISTER:
                return 8;
            case FunctionCode.WRITE_MULTIPLE_COILS, FunctionCode.WRITE_MULTIPLE_REGISTERS:
                return count >= 7 ? 9 + (buffer[6] & 0xFF) : -1;
            case FunctionCode.READ_WRITE_MULTIPLE_REGISTERS:
                return count >= 11 ? 13 + (buffer[10] & 0xFF) : -1;
            case FunctionCode.ENCAPSULATED_INTERFACE:
                return 7;
            default:
                return -1;
        }
    }

    /** Whether a frame of unknown length is being accumulated (ends only at a silence). */
    public boolean awaitingSilence() {
        return discarding || (count > 0);
    }
}
