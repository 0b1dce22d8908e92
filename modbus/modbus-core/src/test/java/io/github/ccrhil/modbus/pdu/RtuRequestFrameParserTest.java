package io.github.ccrhil.modbus.pdu;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser.Accumulated;
import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser.ErrorKind;
import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser.ParseError;
import io.github.ccrhil.modbus.pdu.RtuRequestFrameParser.State;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtuRequestFrameParserTest {

    private final RtuRequestFrameParser parser = new RtuRequestFrameParser();

    private List<State> feed(byte[] bytes) {
        List<State> out = new ArrayList<>();
        for (byte b : bytes) {
            State s = parser.accept(b);
            if (s instanceof Accumulated || s instanceof ParseError) {
                out.add(s);
            }
        }
        return out;
    }

    private static byte[] frame(ModbusRequest r) {
        return Crc16.rtuFrame(1, PduCodec.encodeRequest(r));
    }

    @Test
    void aKnownRequestIsCompleteAtItsLastByteWithoutWaitingForSilence() {
        byte[] f = frame(new ModbusRequest.WriteMultipleRegisters(5, new int[] {1, 2, 3}));
        List<State> got = feed(f);
        assertEquals(1, got.size());
        Accumulated a = (Accumulated) got.get(0);
        assertEquals(1, a.unitId());
        assertArrayEquals(PduCodec.encodeRequest(new ModbusRequest.WriteMultipleRegisters(5, new int[] {1, 2, 3})), a.pdu());
    }

    @Test
    void backToBackFramesAreSplitCorrectly() {
        byte[] f1 = frame(new ModbusRequest.ReadHoldingRegisters(0, 4));
        byte[] f2 = frame(new ModbusRequest.ReadWriteMultipleRegisters(0, 2, 8, new int[] {7}));
        byte[] f3 = frame(new ModbusRequest.ReadDeviceIdentification(1, 0));
        byte[] all = new byte[f1.length + f2.length + f3.length];
        System.arraycopy(f1, 0, all, 0, f1.length);
        System.arraycopy(f2, 0, all, f1.length, f2.length);
        System.arraycopy(f3, 0, all, f1.length + f2.length, f3.length);
        List<State> got = feed(all);
        assertEquals(3, got.size());
        assertTrue(got.stream().allMatch(s -> s instanceof Accumulated));
    }

    @Test
    void badCrcIsReportedThenBytesAreDroppedUntilSilence() {
        byte[] bad = frame(new ModbusRequest.ReadHoldingRegisters(0, 4));
        bad[7] ^= 0x55;
        List<State> got = feed(bad);
        assertEquals(List.of(ErrorKind.BAD_CRC), got.stream().map(s -> ((ParseError) s).kind()).toList());
        // A valid frame glued to the garbage is dropped too: the line is not trusted until it falls silent.
        assertTrue(feed(frame(new ModbusRequest.ReadHoldingRegisters(0, 1))).isEmpty());
        parser.silence();
        assertEquals(1, feed(frame(new ModbusRequest.ReadHoldingRegisters(0, 1))).size());
    }

    @Test
    void silenceInsideAFrameReportsItTruncated() {
        byte[] f = frame(new ModbusRequest.ReadHoldingRegisters(0, 4));
        feed(java.util.Arrays.copyOf(f, 5));
        State s = parser.silence();
        assertEquals(ErrorKind.TRUNCATED, ((ParseError) s).kind());
        assertEquals(1, feed(f).size());
    }

    @Test
    void aByteCountAnnouncingMoreThanTheLargestFrameIsOversized() {
        // FC 16 with byte count 250 → 259-byte frame
        List<State> got = feed(new byte[] {1, 0x10, 0, 0, 0, 125, (byte) 250});
        assertEquals(ErrorKind.OVERSIZED, ((ParseError) got.get(0)).kind());
    }

    @Test
    void anUnknownFunctionEndsAtTheSilenceAndIsHandedOnWhenItsCrcIsRight() {
        byte[] f = Crc16.rtuFrame(1, new byte[] {0x41, 1, 2, 3});
        assertTrue(feed(f).isEmpty());
        State s = parser.silence();
        assertArrayEquals(new byte[] {0x41, 1, 2, 3}, ((Accumulated) s).pdu());
    }

    @Test
    void endlessGarbageIsOversizedNotUnbounded() {
        byte[] garbage = new byte[1000];
        java.util.Arrays.fill(garbage, (byte) 0x41);
        List<State> got = feed(garbage);
        assertEquals(ErrorKind.OVERSIZED, ((ParseError) got.get(0)).kind());
        assertEquals(1, got.size());
    }

    @Test
    void randomNoiseNeverThrowsAndNeverYieldsAFrameWithABadCrc() {
        SplittableRandom random = new SplittableRandom(20261125L);
        for (int round = 0; round < 2000; round++) {
            byte[] noise = new byte[random.nextInt(1, 300)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) random.nextInt(256);
            }
            for (State s : feed(noise)) {
                if (s instanceof Accumulated a) {
                    byte[] whole = Crc16.rtuFrame(a.unitId(), a.pdu());
                    assertTrue(Crc16.check(whole, 0, whole.length));
                }
            }
            parser.silence();
            parser.silence();
            assertInstanceOf(RtuRequestFrameParser.Idle.class, parser.state());
        }
    }
}
