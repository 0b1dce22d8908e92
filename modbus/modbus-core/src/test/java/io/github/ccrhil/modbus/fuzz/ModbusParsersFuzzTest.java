package io.github.ccrhil.modbus.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.ccrhil.modbus.pdu.Crc16;
import io.github.ccrhil.modbus.pdu.FunctionCode;
import io.github.ccrhil.modbus.pdu.MbapHeader;
import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import io.github.ccrhil.modbus.server.RequestHandler;
import java.util.Optional;

/**
 * Coverage-guided fuzz tests of every parser in the Modbus core (IEC 62443-4-2 CR 3.5). In a
 * plain {@code mvn test} each replays its committed inputs (under src/test/resources, beside this
 * class's package); {@code JAZZER_FUZZ=1} fuzzes one of them (README, "Security").
 */
class ModbusParsersFuzzTest {

    /** A device of 100 of each register and bit, every value 0; accepts every write. */
    static final class Hundred implements RequestHandler {
        private static void range(int address, int quantity) throws ModbusServiceException {
            if (address + quantity > 100) {
                throw ModbusServiceException.illegalAddress(address + "+" + quantity);
            }
        }

        @Override
        public int[] readHoldingRegisters(int address, int quantity) throws ModbusServiceException {
            range(address, quantity);
            return new int[quantity];
        }

        @Override
        public int[] readInputRegisters(int address, int quantity) throws ModbusServiceException {
            range(address, quantity);
            return new int[quantity];
        }

        @Override
        public boolean[] readCoils(int address, int quantity) throws ModbusServiceException {
            range(address, quantity);
            return new boolean[quantity];
        }

        @Override
        public void writeRegisters(int address, int[] values) throws ModbusServiceException {
            range(address, values.length);
        }

        @Override
        public void writeCoils(int address, boolean[] values) throws ModbusServiceException {
            range(address, values.length);
        }
    }

    private static final ModbusServerCore CORE = new ModbusServerCore(new Hundred());

    /**
     * RTU request frames: the harness appends a correct CRC to what the fuzzer gives (else it
     * never gets past the checksum), with silences where the fuzzer says. The parser never
     * throws, never holds more than 256 bytes, and every frame it accepts has a good CRC and is
     * answered within the PDU size.
     */
    @FuzzTest(maxDuration = "60s")
    void rtuFrames(FuzzedDataProvider data) {
        RtuRequestFrameParser parser = new RtuRequestFrameParser();
        while (data.remainingBytes() > 0) {
            byte[] body = data.consumeBytes(1 + data.consumeInt(0, 300));
            int crc = Crc16.compute(body, 0, body.length);
            byte[] frame = java.util.Arrays.copyOf(body, body.length + 2);
            frame[body.length] = (byte) crc;
            frame[body.length + 1] = (byte) (crc >> 8);
            boolean corrupt = data.consumeBoolean();
            if (corrupt && frame.length > 0) {
                frame[data.consumeInt(0, frame.length - 1)] ^= (byte) (1 + data.consumeInt(0, 254));
            }
            for (byte b : frame) {
                check(parser.accept(b));
            }
            if (data.consumeBoolean()) {
                check(parser.silence());
            }
        }
        check(parser.silence());
    }

    private static void check(RtuRequestFrameParser.State state) {
        if (state instanceof RtuRequestFrameParser.Accumulated a) {
            byte[] pdu = a.pdu();
            assertTrue(pdu.length >= 1 && pdu.length <= FunctionCode.MAX_PDU, "PDU of " + pdu.length + " bytes");
            assertTrue(a.unitId() >= 0 && a.unitId() <= 255);
            answerChecks(pdu);
        } else if (state instanceof RtuRequestFrameParser.Accumulating acc) {
            assertTrue(acc.received() <= RtuRequestFrameParser.MAX_ADU);
        }
    }

    /**
     * MBAP frames: header decoded, then the PDU through the server core. The core never throws;
     * an answer fits in a PDU; an exception answer carries the request's function code + 0x80 and
     * one of the codes 01..04; a function byte with the high bit set is never answered.
     */
    @FuzzTest(maxDuration = "60s")
    void mbapFrames(byte[] adu) {
        if (adu == null || adu.length < MbapHeader.SIZE) {
            return;
        }
        MbapHeader h = MbapHeader.decode(adu, 0);
        int available = adu.length - MbapHeader.SIZE;
        if (h.length() < 2 || h.pduLength() > FunctionCode.MAX_PDU) {
            assertTrue(h.problem() != null || h.length() >= 2, "a bad length must be reported");
            return;
        }
        int n = Math.min(h.pduLength(), available);
        if (n < 1) {
            return;
        }
        answerChecks(java.util.Arrays.copyOfRange(adu, MbapHeader.SIZE, MbapHeader.SIZE + n));
    }

    private static void answerChecks(byte[] pdu) {
        Optional<byte[]> answer = CORE.process(pdu);
        int fc = pdu[0] & 0xFF;
        if (fc >= 0x80) {
            assertTrue(answer.isEmpty(), "function byte " + fc + " answered");
            return;
        }
        byte[] a = answer.orElseThrow();
        assertTrue(a.length >= 2 && a.length <= FunctionCode.MAX_PDU, "answer of " + a.length + " bytes");
        if ((a[0] & 0x80) != 0) {
            assertEquals(fc | 0x80, a[0] & 0xFF, "exception function byte");
            assertEquals(2, a.length);
            assertTrue(a[1] >= 1 && a[1] <= 4, "exception code " + a[1]);
        } else {
            assertEquals(fc, a[0] & 0xFF);
        }
    }

    /** Profiles: any text loads or fails with a ProfileException; nothing else escapes. */
    @FuzzTest(maxDuration = "60s")
    void profiles(String yaml) {
        if (yaml == null) {
            return; // the regression run's first input
        }
        try {
            ProfileLoader.parse(yaml, "fuzz");
        } catch (ProfileException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}
