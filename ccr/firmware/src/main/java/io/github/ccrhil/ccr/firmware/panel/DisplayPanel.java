package io.github.ccrhil.ccr.firmware.panel;

import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.BoardStatus;
import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.CommandOutcome;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Event;
import io.github.ccrhil.ccr.firmware.board.EventKind;
import io.github.ccrhil.ccr.firmware.board.FailsafeMode;
import io.github.ccrhil.ccr.firmware.board.Origin;
import io.github.ccrhil.ccr.firmware.board.ProtectionCause;
import io.github.ccrhil.ccr.firmware.board.ProtectionSettings;
import io.github.ccrhil.ccr.firmware.board.Selector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The operation/monitoring display panel over a {@link ControlBoard}: a view model plus the
 * local keys. Step keys act only with the selector on LOCAL (the board refuses them otherwise);
 * settings changes need the password and lock again after {@link PanelConfig#autoLock()}.
 */
public final class DisplayPanel {

    private final ControlBoard board;
    private final InstantSource clock;
    private final PanelConfig config;
    private Instant unlockedAt;

    public DisplayPanel(ControlBoard board, InstantSource clock, PanelConfig config) {
        this.board = Objects.requireNonNull(board, "board");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
    }

    public PanelView view() {
        BoardStatus s = board.status();
        double ins = s.smoothed().insulationResistanceOhms();
        return new PanelView(s.activeStep(), s.commandedStep(), board.config().steps().stepCount(),
                s.smoothed().currentRmsA(), s.smoothed().voltageRmsV(), s.smoothed().apparentPowerVA(),
                s.smoothed().realPowerW(), s.smoothed().estimatedFailedLamps(),
                Double.isInfinite(ins) ? Double.POSITIVE_INFINITY : ins / 1e6, s.activeAlarms(), s.selector(),
                s.state().label(), s.unacknowledgedAlarms().size(), settingsLocked(), s.linkLost(),
                s.smoothed().powerFactor(), tripCause(s.state()), s.unacknowledgedAlarms());
    }

    private static Optional<ProtectionCause> tripCause(BoardState state) {
        if (state instanceof BoardState.Tripped t) {
            return Optional.of(t.cause());
        }
        if (state instanceof BoardState.LockedOut l) {
            return Optional.of(l.cause());
        }
        return Optional.empty();
    }

    /** The newest {@code n} entries of the board's event log, oldest first. */
    public List<Event> recentEvents(int n) {
        List<Event> all = board.events().snapshot();
        return all.subList(StrictMath.max(0, all.size() - n), all.size());
    }

    /**
     * Local key for step {@code step} (0 = off): the board decides, so it acts only with the key
     * switch at LOCAL and only on a step the regulator has.
     */
    public CommandOutcome selectStep(int step) {
        return board.command(new Command.SelectStep(step, Origin.LOCAL_PANEL));
    }

    /** Local key: one step up from the commanded step. */
    public CommandOutcome stepUp() {
        int next = board.status().commandedStep() + 1;
        if (next > board.config().steps().stepCount()) {
            return refuse("step up: already at the top step");
        }
        return board.command(new Command.SelectStep(next, Origin.LOCAL_PANEL));
    }

    /** Local key: one step down (down to 0, off). */
    public CommandOutcome stepDown() {
        int next = board.status().commandedStep() - 1;
        if (next < 0) {
            return refuse("step down: already off");
        }
        return board.command(new Command.SelectStep(next, Origin.LOCAL_PANEL));
    }

    public CommandOutcome turnSelector(Selector selector) {
        return board.command(new Command.SetSelector(selector));
    }

    public CommandOutcome acknowledgeAlarms() {
        return board.command(new Command.AcknowledgeAlarms(Origin.LOCAL_PANEL));
    }

    public CommandOutcome reset() {
        return board.command(new Command.Reset(Origin.LOCAL_PANEL));
    }

    /** Unlocks the settings when {@code password} matches; a wrong password is refused and logged. */
    public CommandOutcome unlock(String password) {
        byte[] given = String.valueOf(password).getBytes(StandardCharsets.UTF_8);
        byte[] expected = config.password().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            unlockedAt = null;
            return refuse("panel unlock: wrong password");
        }
        unlockedAt = clock.instant();
        board.events().append(unlockedAt, EventKind.COMMAND_ACCEPTED, "panel settings unlocked");
        return CommandOutcome.ACCEPTED;
    }

    public void lock() {
        if (unlockedAt != null) {
            unlockedAt = null;
            board.events().append(clock.instant(), EventKind.COMMAND_ACCEPTED, "panel settings locked");
        }
    }

    /** True unless unlocked by password less than the auto-lock time ago. */
    public boolean settingsLocked() {
        return unlockedAt == null || !clock.instant().isBefore(unlockedAt.plus(config.autoLock()));
    }

    public CommandOutcome changeSettings(ProtectionSettings settings) {
        if (settingsLocked()) {
            return refuse("change settings: panel locked");
        }
        CommandOutcome o = board.command(new Command.ChangeSettings(settings, Origin.LOCAL_PANEL));
        unlockedAt = clock.instant();
        return o;
    }

    public CommandOutcome setFailsafe(FailsafeMode mode) {
        if (settingsLocked()) {
            return refuse("set failsafe: panel locked");
        }
        CommandOutcome o = board.command(new Command.SetFailsafe(mode, Origin.LOCAL_PANEL));
        unlockedAt = clock.instant();
        return o;
    }

    private CommandOutcome refuse(String reason) {
        board.events().append(clock.instant(), EventKind.COMMAND_REFUSED, reason);
        return new CommandOutcome.Refused(reason);
    }
}
