package io.github.ccrhil.it;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.modbus.profile.MemoryPointStore;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import io.github.ccrhil.modbus.profile.RegisterImage;
import io.github.ccrhil.modbus.server.DeviceIdentity;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import java.util.Map;

/**
 * An in-test stand-in for the reference CCR: the reference profile over a memory store whose
 * measured current follows the commanded step at once (6.6 A, 5 steps).
 */
public final class SimulatedReferenceCcr {

    public static final double[] STEP_CURRENT = {0.0, 2.8, 3.4, 4.1, 5.2, 6.6};

    public final Profile profile = CcrProfiles.referenceCcr();
    public final MemoryPointStore store = new MemoryPointStore(profile, new DeviceIdentity(Map.of(
            DeviceIdentity.VENDOR_NAME, "ccr-hil",
            DeviceIdentity.PRODUCT_CODE, "REF-CCR",
            DeviceIdentity.MAJOR_MINOR_REVISION, "0.1",
            DeviceIdentity.PRODUCT_NAME, "Reference CCR (emulated)",
            0x80, "control-board hw rev A",
            0x81, "display-panel sw 0.1.0",
            0x82, "current-control sw 0.1.0",
            0x83, "0000000000000000000000000000000000000000000000000000000000000000")));
    public final RegisterImage image = new RegisterImage(profile, store);
    public final ModbusServerCore core = new ModbusServerCore(image);

    public SimulatedReferenceCcr(int initialStep) {
        store.set("remote_mode", true);
        store.afterWrite(writes -> writes.forEach(w -> {
            if (w.point().name().equals("command_step")) {
                applyStep((int) StrictMath.rint((Double) w.value()));
            }
        }));
        applyStep(initialStep);
    }

    private void applyStep(int step) {
        store.set("command_step", (double) step);
        store.set("actual_step", (double) step);
        store.set("output_current", STEP_CURRENT[step]);
        store.set("output_energised", step > 0);
    }

    /** The key switch: LOCAL refuses every remote write. */
    public void setLocal(boolean local) {
        store.setRemoteWritesAllowed(!local);
        store.set("remote_mode", !local);
    }
}
