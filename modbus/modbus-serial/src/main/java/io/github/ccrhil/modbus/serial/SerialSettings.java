package io.github.ccrhil.modbus.serial;

/**
 * How to open a serial port.
 *
 * @param portName device path, e.g. {@code /dev/ttyUSB0} or a socat pty link
 * @param baudRate bits per second, 300..4,000,000
 * @param dataBits 7 or 8
 * @param parity {@link Parity}
 * @param stopBits 1 or 2
 */
public record SerialSettings(String portName, int baudRate, int dataBits, Parity parity, int stopBits) {

    /** Parity setting. */
    public enum Parity { NONE, ODD, EVEN }

    public SerialSettings {
        if (portName == null || portName.isBlank()) {
            throw new IllegalArgumentException("serial port name is empty");
        }
        if (baudRate < 300 || baudRate > 4_000_000) {
            throw new IllegalArgumentException("baud rate " + baudRate + " outside 300..4000000");
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("data bits must be 7 or 8, was " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits must be 1 or 2, was " + stopBits);
        }
        java.util.Objects.requireNonNull(parity, "parity");
    }

    /** 8 data bits, no parity, 1 stop bit. */
    public static SerialSettings of8N1(String portName, int baudRate) {
        return new SerialSettings(portName, baudRate, 8, Parity.NONE, 1);
    }

    /** 8 data bits, even parity, 1 stop bit (the Modbus default). */
    public static SerialSettings of8E1(String portName, int baudRate) {
        return new SerialSettings(portName, baudRate, 8, Parity.EVEN, 1);
    }

    /** Bits on the line per character: start + data + parity + stop. */
    public int bitsPerCharacter() {
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
    }
}
