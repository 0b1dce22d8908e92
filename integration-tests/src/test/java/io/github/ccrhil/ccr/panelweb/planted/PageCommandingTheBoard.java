package io.github.ccrhil.ccr.panelweb.planted;

import io.github.ccrhil.ccr.firmware.board.Command;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.board.Origin;

/** Breaks an architecture rule on purpose, so that the rule is shown to fail (test code only). */
public final class PageCommandingTheBoard {

    private PageCommandingTheBoard() { }

    public static void use(ControlBoard board) {
        board.command(new Command.SelectStep(3, Origin.LOCAL_PANEL));
    }
}
