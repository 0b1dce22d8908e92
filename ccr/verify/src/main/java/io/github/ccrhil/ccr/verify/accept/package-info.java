/**
 * The acceptance suite (issue #4): test plans as data, procedures that record raw traces,
 * verdicts as a pure function of the plan and those traces, and the evidence bundle.
 *
 * <h2>Flow of one run ({@link io.github.ccrhil.ccr.verify.accept.AcceptanceRun})</h2>
 * <ol>
 *   <li>{@code plan.PlanReader} reads the plan (YAML or JSON; one-line file:line:field errors).
 *       Every limit is a {@code spec.Limit} with a provenance: {@code source:} or {@code default:}.</li>
 *   <li>For each test, {@code procedure.Procedures} opens the DUT at each operating point
 *       ({@code Procedures.Session}), commands it through its remote interface
 *       ({@code dut.RemoteInterface}: in process, or the register profile over Modbus), injects
 *       faults through the rig (the emulated plant) and lets simulated time run. It writes only
 *       raw data: {@code traces/<test>/<run>.csv} (one row per half-cycle: the plant's own
 *       measurement beside the DUT's) and {@code <run>.events.csv} (what the verifier, the rig and
 *       the bench operator did, and what the DUT answered). Files are closed before judgement.</li>
 *   <li>{@code verdict.BundleJudge} reads those files back and {@code verdict.Judge} computes the
 *       {@code Verdict}: PASS, FAIL or INCONCLUSIVE, each check with its limit, provenance and
 *       measured value. {@code verify-bundle} ({@code bundle.BundleVerifier}) runs the same code on
 *       the same files. A run the DUT stopped answering in is INCONCLUSIVE with the reason, never
 *       judged on its truncated windows.</li>
 *   <li>{@code bundle.BundleWriter}: results.json, junit.xml, report.html (inline SVG plots),
 *       COMTRADE (C37.111-1999 ASCII), identity.json; {@code manifest.sha256} last, also after a
 *       crash.</li>
 * </ol>
 *
 * <h2>Determinism</h2>
 * Against the emulated CCR time is simulated and only the verifier's thread advances it, also
 * when the DUT is reached over loopback Modbus TCP ({@code dut.EmulatedCcrOverLoopback}: the
 * transactions run in lock-step with the control periods). Same plan and seed: identical
 * verdicts and identical files, except run.log, the only file with wall-clock times.
 *
 * <h2>Measurement conventions (see {@code Judge})</h2>
 * A trace row's time is the end of its half-cycle. A half-cycle's rms is known at its end; the
 * output is de-energised from the start of the first half-cycle after which the plant's output
 * voltage and current stay at zero. Durations are measured between those instants.
 */
package io.github.ccrhil.ccr.verify.accept;
