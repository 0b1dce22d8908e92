package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.profile.ProfileClient;

/**
 * A Modbus relay or I/O module on a physical bench: each fault is a coil named in its profile.
 * A switch writes the coil and reads it back; a coil that does not read back as written, or a
 * link fault (the client's timeout is the watchdog), is a {@link DutException} with the reason,
 * never a hang.
 */
public final class RelayModule {

    private final ProfileClient client;
    private final String identity;

    /**
     * @param client the module's profile client (its client carries the timeout)
     * @param identity how the module is named in events and reports (address, profile)
     */
    public RelayModule(ProfileClient client, String identity) {
        this.client = client;
        this.identity = identity;
    }

    public String identity() {
        return identity;
    }

    /** Whether the module's profile has this coil. */
    public boolean has(String coil) {
        return client.profile().point(coil).isPresent();
    }

    /** Switches the named coil and confirms it by reading it back. */
    public void set(String coil, boolean on) throws DutException {
        if (client.profile().point(coil).isEmpty()) {
            throw new DutException("relay module " + identity + " has no coil '" + coil + "' in its profile");
        }
        try {
            client.write(coil, on);
            Object back = client.read(coil);
            if (!Boolean.valueOf(on).equals(back)) {
                throw new DutException("relay module " + identity + ": coil '" + coil + "' written " + on
                        + " but reads back " + back);
            }
        } catch (LinkException e) {
            throw new DutException("relay module " + identity + ": coil '" + coil + "' not confirmed: " + e.getMessage(), e);
        }
    }
}
