/**
 * Operation/monitoring display panel (操作・監視表示パネル): a view model over the control board,
 * the local keys, password-gated settings and a fixed-width text rendering for the CLI.
 */
package io.github.ccrhil.ccr.firmware.panel;
