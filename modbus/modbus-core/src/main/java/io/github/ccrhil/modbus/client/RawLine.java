package io.github.ccrhil.modbus.client;

import java.time.Duration;

/**
 * A master's serial line on which bytes can be put as they are, between the client's own
 * transactions: how the verifier writes hostile frames (bad CRCs, broken frames, frames for other
 * units) on the line that also carries its valid requests. Each call holds the line as a
 * transaction does, so it never overlaps one.
 */
public interface RawLine {

    /** The line, for the records (e.g. {@code rtu:/dev/pts/7@19200}). */
    String describe();

    /** Bits per second of the line as opened. */
    int baudRate();

    /** Bits a character occupies on the line: start, data, parity and stop bits. */
    int bitsPerCharacter();

    /**
     * Puts {@code parts} on the line one after another, {@code pause} of silence between two
     * parts, then gathers what arrives until the line has been quiet for {@code quiet}; a first
     * byte is awaited for {@code listen} at least (0 for no longer than {@code quiet}). Bounded:
     * it returns within {@code listen + quiet} after the last part, plus the time bytes keep
     * arriving, at most {@code listen + quiet + 1 s}.
     *
     * @return the bytes that arrived
     * @throws LinkException if the line cannot be written or read
     */
    byte[] send(byte[][] parts, Duration pause, Duration quiet, Duration listen) throws LinkException;
}
