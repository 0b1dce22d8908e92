package io.github.ccrhil.modbus.profile;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PointCodecTest {

    private static Point point(String type, Double scale, Double min, Double max) {
        return new Point("p", Table.HOLDING_REGISTER, 0, PointType.of(type), null, scale, null, Access.READ_WRITE, min, max, null, null);
    }

    @Test
    void littleEndianWordOrderPutsTheLowWordFirst() {
        Point p = point("u32", null, null, null);
        assertArrayEquals(new int[] {0x5678, 0x1234}, new PointCodec(false).encodeForRead(p, (double) 0x12345678));
        assertEquals((double) 0x12345678, new PointCodec(false).decode(p, new int[] {0x5678, 0x1234}, 0));
        assertEquals((double) 0x12345678, new PointCodec(true).decode(p, new int[] {0x1234, 0x5678}, 0));
    }

    @Test
    void signedSixteenBitValuesKeepTheirSign() {
        Point p = point("s16", 0.001, null, null);
        int[] w = new PointCodec(true).encodeForRead(p, -0.5);
        assertArrayEquals(new int[] {0xFFFF - 499}, w);
        assertEquals(-0.5, (double) new PointCodec(true).decode(p, w, 0), 1e-12);
    }

    @Test
    void floatsSurviveAndScaleApplies() {
        Point p = point("float32", 2.0, null, null);
        int[] w = new PointCodec(true).encodeForRead(p, 3.0);
        assertEquals(Float.floatToIntBits(1.5f), (w[0] << 16) | w[1]);
        assertEquals(3.0, (double) new PointCodec(true).decode(p, w, 0), 1e-6);
    }

    @Test
    void aWriteThatDoesNotFitTheTypeOrRangeIsRefusedWithItsName() {
        PointCodec c = new PointCodec(true);
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> c.encodeForWrite(point("u16", 0.001, null, null), 70.0));
        assertTrue(tooBig.getMessage().startsWith("p: 70.0 does not fit u16"), tooBig.getMessage());
        IllegalArgumentException aboveMax = assertThrows(IllegalArgumentException.class,
                () -> c.encodeForWrite(point("u16", null, 0.0, 5.0), 6.0));
        assertTrue(aboveMax.getMessage().contains("above the maximum 5.0"), aboveMax.getMessage());
    }

    @Test
    void readsSaturateInsteadOfWrapping() {
        PointCodec c = new PointCodec(true);
        assertArrayEquals(new int[] {0}, c.encodeForRead(point("u16", null, null, null), -3.0));
        assertArrayEquals(new int[] {0x7FFF}, c.encodeForRead(point("s16", null, null, null), 1e9));
    }
}
