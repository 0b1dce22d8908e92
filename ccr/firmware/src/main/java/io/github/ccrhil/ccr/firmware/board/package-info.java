/**
 * Control board (制御基板): {@link io.github.ccrhil.ccr.firmware.board.ControlBoard} with its state
 * machine, protections (every threshold a named limit with provenance in
 * {@link io.github.ccrhil.ccr.firmware.board.ProtectionSettings}), monitoring, event log and the
 * command interface used by the remote link and the panel.
 *
 * <h2>The failed-lamp estimate, as a power engineer would check it</h2>
 *
 * <p><b>What a failed lamp does to the loop.</b> Each lamp hangs on the secondary of a series
 * isolation transformer. Seen from the loop, a working unit is its winding resistance plus the
 * lamp's resistance reflected 1:1; a unit whose lamp has failed is an open-secondary
 * transformer: winding resistance, a core-loss resistance R<sub>core</sub> and the saturating
 * magnetising inductance L<sub>m</sub>(i). So one failed lamp changes the loop's resistance by
 * R<sub>core</sub> − r<sub>lamp</sub>(I) and its reactance by ωL<sub>m</sub>(Î) — the lamp's resistance
 * goes, the core's comes in.
 *
 * <p><b>What is built: W/I².</b> {@link io.github.ccrhil.ccr.firmware.board.LampFailureEstimator}
 * compares the measured loop resistance W/I² with the expected healthy one,
 * R<sub>0</sub>(I) = R<sub>cable</sub> + N·(r<sub>lamp</sub>(I) + R<sub>wind</sub>), and divides the
 * difference by one lamp's contrast |r<sub>lamp</sub>(I) − R<sub>core</sub>|. r<sub>lamp</sub>(I) is the
 * halogen filament's steady resistance (R ∝ I<sup>0.8</sup> near rated current) blended with the
 * LED driver's P/(I·I<sub>rated</sub>) by the loop's LED share. Check it by hand: 60 halogen lamps
 * of 100 W at 6.6 A, R<sub>core</sub> = 3 Ω, R<sub>wind</sub> = 0.3 Ω: R<sub>0</sub> = 60 × (2.30 + 0.30)
 * = 156 Ω; each failed lamp adds 3 − 2.30 = 0.70 Ω, i.e. 0.45 % of R<sub>0</sub>.
 *
 * <p><b>Where it cannot give ±1 lamp, and says so (−1).</b> The count is trustworthy only if
 * one lamp's contrast exceeds everything else that moves W/I²: the models' fit (0.4 % of
 * R<sub>0</sub>, {@code RESISTANCE_UNCERTAINTY}) plus three standard errors of the averaged reading
 * ({@code NOISE_COVERAGE}). Then the rounded count is within ±1. It fails
 * <ul>
 *   <li>on LED-heavy loops where an LED's resistance P/(I·I<sub>rated</sub>) crosses R<sub>core</sub>:
 *       100 W LEDs on a 6.6 A loop at 5.2 A present 2.8 Ω against 3 Ω, so a failed LED barely
 *       changes W/I²;</li>
 *   <li>on long loops (many lamps) at every step: at 100 lamps of 100 W, 6.6 A, the 0.70 Ω of one
 *       failed halogen lamp is 0.27 % of R<sub>0</sub> = 260 Ω, inside the 0.4 %;</li>
 *   <li>where the reading is noisy: at the lowest steps the sensors' noise (a fixed share of
 *       full scale) is a larger share of the reading, and a second's average of W/I² can still
 *       scatter by more than one lamp's contrast on a loop of low voltage.</li>
 * </ul>
 * The campaign judges a "cannot tell" as INCONCLUSIVE with where and why, never PASS.
 *
 * <p><b>When it is read.</b> A filament's resistance follows its temperature, which follows the
 * current with τ ≈ 0.15 s. The estimate is refreshed only after two seconds (over ten τ) of
 * steady current on one step — "steady" meaning the display average (0.1 s) is within 2 % of
 * the current the filaments were heated by (I² through a first-order lag of τ), so one noisy
 * half-cycle does not restart the wait — and from the means of W and I² over the last second of
 * that spell ({@link io.github.ccrhil.ccr.firmware.board.LampEstimateMonitor}). Between spells the
 * last count is held.
 *
 * <p><b>Not built yet: the reactive channel.</b> The better-conditioned signal is the reactance.
 * At 6.6 A (peak 9.3 A) an open secondary's magnetising branch, L<sub>m0</sub> ≈ 68 mH saturating
 * from about 1 A, still adds about 3.7 Ω of equivalent reactance, against ≈ 0.94 Ω of leakage per
 * unit already in the loop: on the 100-lamp loop above one lamp moves the loop reactance by
 * about 4 %, fifteen times what it does to W/I². Using it needs the loop's equivalent reactance
 * from what the board measures: its own firing angle, the supply, and the rms current and power
 * of a phase-controlled, saturating R-L loop (the non-active part of V·I mixes displacement with
 * the distortion of phase control). That inversion, and its proof against the waveform plant,
 * are the next step; until then the cases W/I² cannot resolve stay "cannot tell".
 */
package io.github.ccrhil.ccr.firmware.board;
