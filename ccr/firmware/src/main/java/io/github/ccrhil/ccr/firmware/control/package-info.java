/**
 * Current-control software (電流制御ソフトウェア): step and tolerance tables, true-rms arithmetic,
 * the PI regulator with clamped integrator, the setpoint ramp, the linearising firing-angle map
 * and {@link io.github.ccrhil.ccr.firmware.control.CurrentControlSoftware} which ties them together.
 * Pure: no I/O, no clock, no allocation per control period.
 */
package io.github.ccrhil.ccr.firmware.control;
