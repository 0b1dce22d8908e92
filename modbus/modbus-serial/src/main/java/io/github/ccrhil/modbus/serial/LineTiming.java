package io.github.ccrhil.modbus.serial;

import java.time.Duration;

/**
 * RS-485 line timing to emulate on a link that has none (a pty delivers bytes at memory speed,
 * whatever the baud rate). A sender holds each frame for its transmission time (characters ×
 * character time) and starts only after the line has been idle for the inter-frame gap.
 *
 * @param characterNanos time one character occupies the line, ns
 * @param interFrameGapNanos the silence that separates frames (3.5 characters; fixed 1.75 ms
 *     above 19200 baud, per the Modbus serial line guide §2.5.1.1)
 */
public record LineTiming(long characterNanos, long interFrameGapNanos) {

    public LineTiming {
        if (characterNanos <= 0 || interFrameGapNanos <= 0) {
            throw new IllegalArgumentException("line timing must be positive: " + characterNanos + ", " + interFrameGapNanos);
        }
    }

    /** Timing of a real line with these settings. */
    public static LineTiming of(SerialSettings settings) {
        return of(settings.baudRate(), settings.bitsPerCharacter());
    }

    public static LineTiming of(int baudRate, int bitsPerCharacter) {
        long character = StrictMath.round(bitsPerCharacter * 1e9 / baudRate);
        long gap = baudRate > 19_200 ? 1_750_000L : StrictMath.round(3.5 * bitsPerCharacter * 1e9 / baudRate);
        return new LineTiming(character, gap);
    }

    /** Time {@code bytes} characters occupy the line. */
    public long frameNanos(int bytes) {
        return bytes * characterNanos;
    }

    /**
     * Theoretical best request/response rate on this line, transactions per second: request and
     * response transmission plus one inter-frame gap before each.
     */
    public double maxTransactionsPerSecond(int requestBytes, int responseBytes) {
        return 1e9 / (frameNanos(requestBytes + responseBytes) + 2.0 * interFrameGapNanos);
    }

    public Duration interFrameGap() {
        return Duration.ofNanos(interFrameGapNanos);
    }
}
