/**
 * The CCR's operation/monitoring display panel as a live web page: the firmware's
 * {@link io.github.ccrhil.ccr.firmware.panel.DisplayPanel} (its view model and its keys) served over
 * HTTP, pushed to the browser by server-sent events, its controls the panel's own commands.
 * The page never reaches past the panel: the board's authority rules decide every key.
 */
package io.github.ccrhil.ccr.panelweb;
