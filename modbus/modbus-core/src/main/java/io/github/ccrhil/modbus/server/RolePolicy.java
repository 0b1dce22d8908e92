package io.github.ccrhil.modbus.server;

import io.github.ccrhil.modbus.pdu.ModbusRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Modbus/TCP Security authorisation: what each client role may do. The role is the one a
 * client's X.509 certificate carries (extension {@value #ROLE_OID}, an ASN.1 UTF8String); a
 * request outside its role's rights is answered 01 (illegal function) and never reaches the
 * device. A client without a role gets {@link #noRole()}'s rights; an unknown role gets none.
 *
 * @param roles rights per role name (case-sensitive, as in the certificate)
 * @param noRole rights of a client whose certificate has no role extension
 */
public record RolePolicy(Map<String, Rights> roles, Rights noRole) {

    /** The Modbus.org role extension (MB-TCP-Security). */
    public static final String ROLE_OID = "1.3.6.1.4.1.50316.802.1";

    public RolePolicy {
        roles = Map.copyOf(roles);
        java.util.Objects.requireNonNull(noRole, "noRole");
    }

    /**
     * What one role may do.
     *
     * @param functionCodes allowed function codes, 1..127
     * @param addresses blocks of addresses (any table) the role's requests may touch; every
     *        address a request reads or writes must lie in one
     */
    public record Rights(Set<Integer> functionCodes, List<AddressBlock> addresses) {
        public Rights {
            functionCodes = Set.copyOf(functionCodes);
            addresses = List.copyOf(addresses);
        }

        /** Nothing at all. */
        public static Rights none() {
            return new Rights(Set.of(), List.of());
        }

        /** The read function codes (1, 2, 3, 4, and 43 for device identification) at any address. */
        public static Rights readOnly() {
            return new Rights(Set.of(1, 2, 3, 4, 43), List.of(AddressBlock.ALL));
        }

        /** Every function code at any address. */
        public static Rights everything() {
            return new Rights(Set.of(1, 2, 3, 4, 5, 6, 15, 16, 23, 43), List.of(AddressBlock.ALL));
        }

        boolean covers(int address, int quantity) {
            for (AddressBlock b : addresses) {
                if (address >= b.first() && address + quantity - 1 <= b.last()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Addresses {@code first..last}, inclusive, 0..65535. */
    public record AddressBlock(int first, int last) {
        public static final AddressBlock ALL = new AddressBlock(0, 0xFFFF);

        public AddressBlock {
            if (first < 0 || last > 0xFFFF || first > last) {
                throw new IllegalArgumentException("address block " + first + ".." + last + " is not within 0..65535");
            }
        }
    }

    /**
     * The policy of Modbus.org's example: {@code operator} reads, {@code engineer} reads and
     * writes; a client without a role gets nothing.
     */
    public static RolePolicy operatorAndEngineer() {
        return new RolePolicy(Map.of("operator", Rights.readOnly(), "engineer", Rights.everything()), Rights.none());
    }

    /** The rights of {@code role} (empty: the certificate had no role). */
    public Rights rightsOf(Optional<String> role) {
        return role.map(r -> roles.getOrDefault(r, Rights.none())).orElse(noRole);
    }

    /** Whether a client with {@code role} may have {@code request} served. */
    public boolean permits(Optional<String> role, ModbusRequest request) {
        Rights rights = rightsOf(role);
        if (!rights.functionCodes().contains(request.functionCode())) {
            return false;
        }
        if (request instanceof ModbusRequest.ReadCoils r) {
            return rights.covers(r.address(), r.quantity());
        } else if (request instanceof ModbusRequest.ReadDiscreteInputs r) {
            return rights.covers(r.address(), r.quantity());
        } else if (request instanceof ModbusRequest.ReadHoldingRegisters r) {
            return rights.covers(r.address(), r.quantity());
        } else if (request instanceof ModbusRequest.ReadInputRegisters r) {
            return rights.covers(r.address(), r.quantity());
        } else if (request instanceof ModbusRequest.WriteSingleCoil r) {
            return rights.covers(r.address(), 1);
        } else if (request instanceof ModbusRequest.WriteSingleRegister r) {
            return rights.covers(r.address(), 1);
        } else if (request instanceof ModbusRequest.WriteMultipleCoils r) {
            return rights.covers(r.address(), r.values().length);
        } else if (request instanceof ModbusRequest.WriteMultipleRegisters r) {
            return rights.covers(r.address(), r.values().length);
        } else if (request instanceof ModbusRequest.ReadWriteMultipleRegisters r) {
            return rights.covers(r.readAddress(), r.readQuantity()) && rights.covers(r.writeAddress(), r.values().length);
        }
        return true; // device identification: no address
    }
}
