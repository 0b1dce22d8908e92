package io.github.ccrhil.ccr.emulator.sim;

import io.github.ccrhil.ccr.firmware.board.BoardConfig;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.DesignatedEquipment;
import io.github.ccrhil.ccr.firmware.control.ControlTuning;
import io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware;
import io.github.ccrhil.ccr.firmware.hardware.HardwarePort;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.evidence.BuildHash;
import io.github.ccrhil.evidence.ComponentIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of each emulated component, each over its own classes and its own configuration,
 * so that a changed class or a changed constant of one component changes that component's hash:
 * <ul>
 *   <li>control board: the classes of {@code ccr.firmware.board} and {@code ccr.firmware.hardware},
 *       its protection settings, nominal input voltage, event-log capacity and display smoothing;</li>
 *   <li>display panel: the classes of {@code ccr.firmware.panel} (its only configuration is the
 *       settings password, a secret set at commissioning, and the auto-lock time, which the board
 *       does not hold);</li>
 *   <li>current-control software: the classes of {@code ccr.firmware.control}, its step table,
 *       tolerance table and tuning (gains, ramp, period), but not the measurement delay, which is
 *       how the emulator wires its port, not a property of the software).</li>
 * </ul>
 * Left out on purpose: the loop data (site data for the failed-lamp estimate) and the link-loss
 * fallback (a commissioning setting the plan sets per test). Each hash is
 * SHA-256("component name" LF classes-hash LF configuration text), the configuration text being
 * the records' own canonical form.
 */
public final class ComponentHashes {

    private ComponentHashes() { }

    private static final class Classes {
        static final String BOARD = BuildHash.ofPackageTree(ControlBoard.class, "io.github.ccrhil.ccr.firmware.board")
                + "+" + BuildHash.ofPackageTree(HardwarePort.class, "io.github.ccrhil.ccr.firmware.hardware");
        static final String PANEL = BuildHash.ofPackageTree(DisplayPanel.class, "io.github.ccrhil.ccr.firmware.panel");
        static final String SOFTWARE = BuildHash.ofPackageTree(CurrentControlSoftware.class, "io.github.ccrhil.ccr.firmware.control");
    }

    /** The control board's configuration as hashed. */
    public static String boardConfiguration(BoardConfig c) {
        return "settings=" + c.settings() + "\nnominalInputVoltageV=" + c.nominalInputVoltageV()
                + "\neventLogCapacity=" + c.eventLogCapacity() + "\nsmoothingHalfCycles=" + c.smoothingHalfCycles();
    }

    /** The current-control software's configuration as hashed. */
    public static String softwareConfiguration(BoardConfig c) {
        ControlTuning t = c.tuning().withMeasurementDelay(1); // the same for every wiring
        return "steps=" + c.steps() + "\ntolerances=" + c.tolerances() + "\ntuning=" + t;
    }

    public static String controlBoard(BoardConfig c) {
        return sha256("control board", Classes.BOARD, boardConfiguration(c));
    }

    public static String displayPanel() {
        return sha256("operation/monitoring display panel", Classes.PANEL, "");
    }

    public static String currentControlSoftware(BoardConfig c) {
        return sha256("current-control software", Classes.SOFTWARE, softwareConfiguration(c));
    }

    /** The three components of {@code c}'s equipment, each with the hash of this build and of {@code c}. */
    public static DesignatedEquipment of(BoardConfig c) {
        DesignatedEquipment e = c.equipment();
        return new DesignatedEquipment(with(e.controlBoard(), controlBoard(c)), with(e.displayPanel(), displayPanel()),
                with(e.currentControlSoftware(), currentControlSoftware(c)));
    }

    /** {@code c} with its equipment's hashes those of this build and of {@code c} itself. */
    public static BoardConfig stamped(BoardConfig c) {
        return c.withEquipment(of(c));
    }

    /**
     * The configuration a variant made of {@code base}: if the variant left the equipment as it
     * was, the hashes are those of what it now runs; a variant that states its own identity keeps it.
     */
    public static BoardConfig restamped(BoardConfig base, BoardConfig variant) {
        return variant.equipment().equals(base.equipment()) ? stamped(variant) : variant;
    }

    private static ComponentIdentity with(ComponentIdentity c, String sha) {
        return new ComponentIdentity(c.component(), c.model(), c.revision(), sha);
    }

    private static String sha256(String component, String classes, String configuration) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((component + "\n" + classes + "\n" + configuration).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
