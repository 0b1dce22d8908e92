package io.github.ccrhil.ccr.firmware.board;

import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.util.List;
import java.util.Objects;

/**
 * The three components of the designated equipment (飛行場灯火定電流調整装置システム): control board,
 * operation/monitoring display panel, current-control software.
 */
public record DesignatedEquipment(ComponentIdentity controlBoard, ComponentIdentity displayPanel,
                                  ComponentIdentity currentControlSoftware) {

    public DesignatedEquipment {
        Objects.requireNonNull(controlBoard, "controlBoard");
        Objects.requireNonNull(displayPanel, "displayPanel");
        Objects.requireNonNull(currentControlSoftware, "currentControlSoftware");
    }

    /**
     * This model's components; the board's and panel's hashes are "unbuilt" until the build that
     * runs them supplies them (each over its own classes and configuration), the software's is given.
     */
    public static DesignatedEquipment model(String softwareSha256) {
        return new DesignatedEquipment(
                new ComponentIdentity("control board", "ccr-hil reference control board (model)", "rev A (simulated)",
                        ComponentIdentity.UNBUILT),
                new ComponentIdentity("operation/monitoring display panel", "ccr-hil reference panel (model)",
                        "rev A (simulated)", ComponentIdentity.UNBUILT),
                new ComponentIdentity("current-control software", CurrentControlSoftware.NAME,
                        CurrentControlSoftware.VERSION, softwareSha256));
    }

    public static DesignatedEquipment model() {
        return model(ComponentIdentity.UNBUILT);
    }

    public DesignatedEquipment withSoftwareSha256(String sha256) {
        ComponentIdentity s = currentControlSoftware;
        return new DesignatedEquipment(controlBoard, displayPanel,
                new ComponentIdentity(s.component(), s.model(), s.revision(), sha256));
    }

    public List<ComponentIdentity> components() {
        return List.of(controlBoard, displayPanel, currentControlSoftware);
    }
}
