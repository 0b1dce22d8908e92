package io.github.ccrhil.ccr.emulator.profile;

import io.github.ccrhil.modbus.profile.MemoryPointStore;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;

import static org.junit.jupiter.api.Assertions.*;

import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServiceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegisterImageTest {

    private final Profile profile = CcrProfiles.referenceCcr();
    private final MemoryPointStore store = new MemoryPointStore(profile, new DeviceIdentity(Map.of(0, "v", 1, "p", 2, "1.0")));
    private final RegisterImage image = new RegisterImage(profile, store);

    private ExceptionCode refused(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ModbusServiceException.class, e).code();
    }

    @Test
    void measuredCurrentIsScaledToMilliamps() throws Exception {
        store.set("output_current", 6.6);
        assertArrayEquals(new int[] {6600}, image.readInputRegisters(profile.require("output_current").address(), 1));
    }

    @Test
    void thirtyTwoBitValuesAreHighWordFirst() throws Exception {
        store.set("apparent_power", 18_800.0 + 65_536.0);
        assertArrayEquals(new int[] {1, 18_800}, image.readInputRegisters(5, 2));
    }

    @Test
    void anInfiniteInsulationResistanceSaturates() throws Exception {
        store.set("insulation_resistance", Double.POSITIVE_INFINITY);
        assertArrayEquals(new int[] {0xFFFF}, image.readInputRegisters(10, 1));
    }

    @Test
    void aGapInTheMapIsIllegalAddress() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> image.readInputRegisters(17, 2)));
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> image.readHoldingRegisters(2, 1)));
    }

    @Test
    void aStepAboveTheMaximumIsIllegalValueAndChangesNothing() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> image.writeRegisters(0, new int[] {6})));
        assertEquals(0.0, store.get("command_step"));
    }

    @Test
    void inLocalEveryRemoteWriteIsRefusedWithIllegalFunction() {
        store.setRemoteWritesAllowed(false);
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> image.writeRegisters(0, new int[] {3})));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> image.writeCoils(0, new boolean[] {true})));
        assertEquals(0.0, store.get("command_step"));
    }

    @Test
    void lockedConfigurationIsRefusedAndAMixedWriteChangesNothing() {
        // event_select (rw) and configuration_unlock (rw) are fine; open_circuit_trip_time is protected
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused(() -> image.writeRegisters(9, new int[] {0, 2000})));
        assertEquals(0.0, store.get("configuration_unlock"));
        store.setConfigurationUnlocked(true);
        assertDoesNotThrow(() -> image.writeRegisters(9, new int[] {0, 2000}));
        assertEquals(2.0, (double) store.get("open_circuit_trip_delay"), 1e-9);
    }

    @Test
    void writingAnUnmappedRegisterIsIllegalAddressAndChangesNothing() {
        assertEquals(ExceptionCode.ILLEGAL_DATA_ADDRESS, refused(() -> image.writeRegisters(0, new int[] {1, 0, 7})));
        assertEquals(0.0, store.get("command_step"));
    }

    @Test
    void anEnumeratedValueOutsideItsListIsIllegalValue() {
        store.setConfigurationUnlocked(true);
        assertEquals(ExceptionCode.ILLEGAL_DATA_VALUE, refused(() -> image.writeRegisters(14, new int[] {7})));
    }

    @Test
    void stringsArePackedTwoCharactersPerRegister() throws Exception {
        store.set("product_name", "CCR-1");
        int[] w = image.readInputRegisters(100, 3);
        assertArrayEquals(new int[] {('C' << 8) | 'C', ('R' << 8) | '-', '1' << 8}, w);
    }
}
