/**
 * Control board (制御基板): {@link io.github.ccrhil.ccr.firmware.board.ControlBoard} with its state
 * machine, protections (every threshold a named limit with provenance in
 * {@link io.github.ccrhil.ccr.firmware.board.ProtectionSettings}), monitoring, event log and the
 * command interface used by the remote link and the panel.
 */
package io.github.ccrhil.ccr.firmware.board;
