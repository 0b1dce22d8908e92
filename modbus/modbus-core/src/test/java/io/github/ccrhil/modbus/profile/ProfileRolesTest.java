package io.github.ccrhil.modbus.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.pdu.ModbusRequest;
import io.github.ccrhil.modbus.server.RolePolicy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Modbus/TCP Security roles are configuration in the device's profile, not code. */
class ProfileRolesTest {

    static final String PROFILE = """
            profile: roles-example
            format: 1
            unit-id: 3
            roles:
              operator: { functions: [1, 2, 3, 4, 43], addresses: [all] }
              maintenance: { functions: [3, 6], addresses: [setpoint, 200-201] }
              no-role: { functions: [3], addresses: [level] }
            points:
              - { name: level, table: holding, address: 10, type: u16, access: r }
              - { name: setpoint, table: holding, address: 20, type: u32, access: rw }
              - { name: other, table: holding, address: 300, type: u16, access: rw }
            """;

    @Test
    void eachRoleMayUseItsFunctionCodesOnItsPointsAndAddressBlocksOnly() throws Exception {
        RolePolicy policy = ProfileLoader.parse(PROFILE, "roles.yaml").rolePolicy().orElseThrow();
        Optional<String> maintenance = Optional.of("maintenance");
        assertTrue(policy.permits(maintenance, new ModbusRequest.WriteSingleRegister(21, 7)), "the set-point's second register");
        assertTrue(policy.permits(maintenance, new ModbusRequest.ReadHoldingRegisters(200, 2)), "the declared block");
        assertFalse(policy.permits(maintenance, new ModbusRequest.WriteSingleRegister(300, 7)), "a point not granted");
        assertFalse(policy.permits(maintenance, new ModbusRequest.WriteMultipleRegisters(20, new int[] {0, 1})), "FC 16 not granted");
        assertTrue(policy.permits(Optional.of("operator"), new ModbusRequest.ReadHoldingRegisters(300, 1)));
        assertFalse(policy.permits(Optional.of("operator"), new ModbusRequest.WriteSingleRegister(20, 1)), "operators read only");
        assertTrue(policy.permits(Optional.empty(), new ModbusRequest.ReadHoldingRegisters(10, 1)), "no-role: the level only");
        assertFalse(policy.permits(Optional.empty(), new ModbusRequest.ReadHoldingRegisters(20, 1)));
        assertFalse(policy.permits(Optional.of("intruder"), new ModbusRequest.ReadHoldingRegisters(10, 1)), "an unknown role gets nothing");
    }

    @Test
    void aProfileWithoutRolesLeavesTheServersDefaultPolicy() throws Exception {
        assertEquals(Optional.empty(), ProfileLoader.parse(PROFILE.replaceAll("(?s)roles:.*?points:", "points:"), "p.yaml").rolePolicy());
    }

    @Test
    void aRoleNamingAnUnknownPointIsOneLineWithItsLine() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.parse(PROFILE.replace("[setpoint, 200-201]", "[setpiont]"), "roles.yaml"));
        assertEquals("roles.yaml:4: roles.maintenance.addresses: 'setpiont': no point named 'setpiont' (expected all, N, N-M or a point's name)",
                e.getMessage());
        ProfileException f = assertThrows(ProfileException.class,
                () -> ProfileLoader.parse(PROFILE.replace("[3, 6]", "[3, 300]"), "roles.yaml"));
        assertTrue(f.getMessage().startsWith("roles.yaml:4: roles.maintenance.functions: 300"), f.getMessage());
        ProfileException g = assertThrows(ProfileException.class,
                () -> ProfileLoader.parse(PROFILE.replace("maintenance: { functions: [3, 6], addresses: [setpoint, 200-201] }",
                        "maintenance:"), "roles.yaml"));
        assertTrue(g.getMessage().startsWith("roles.yaml:4: roles.maintenance: expected"), g.getMessage());
    }
}
