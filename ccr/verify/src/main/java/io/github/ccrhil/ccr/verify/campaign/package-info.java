/**
 * Property-based campaigns (issue #5): generated scenarios across the operating space, judged by
 * properties that are pure functions of a run's trace rows. A shard {@code k/n} runs the cases
 * {@code i} with {@code i mod n = k − 1}; shard {@code (i+1)/N} of an {@code N}-case campaign runs
 * exactly case {@code i} (the replay of a linked case).
 *
 * <ul>
 *   <li>Generation model: {@link io.github.ccrhil.ccr.verify.campaign.OperatingSpace} (ranges),
 *       {@link io.github.ccrhil.ccr.verify.campaign.OperatingPoint},
 *       {@link io.github.ccrhil.ccr.verify.campaign.Cases} (step changes, open circuits, lamp failures,
 *       command/fault/power sequences). The property tests draw them with Americium; the
 *       {@code campaign} command with a seeded SplittableRandom.</li>
 *   <li>Properties: {@link io.github.ccrhil.ccr.verify.campaign.PropertyChecks}, against
 *       {@link io.github.ccrhil.ccr.verify.campaign.PropertyLimits} (named, with provenance), with
 *       {@link io.github.ccrhil.ccr.verify.campaign.Reachability} (what the plant can reach at full
 *       conduction) and the abstract state-machine oracle
 *       {@link io.github.ccrhil.ccr.verify.campaign.BoardModel}.</li>
 *   <li>Acting on failures: {@link io.github.ccrhil.ccr.verify.campaign.Shrinker},
 *       {@link io.github.ccrhil.ccr.verify.campaign.ScenarioWriter} (reads back equal through
 *       {@link io.github.ccrhil.ccr.emulator.scenario.ScenarioReader}),
 *       {@link io.github.ccrhil.ccr.verify.campaign.FailureFiles} (file + replay command).</li>
 *   <li>Running: {@link io.github.ccrhil.ccr.verify.campaign.CaseRunner} (one case on the emulated DUT
 *       in simulated time), {@link io.github.ccrhil.ccr.verify.campaign.Campaign} (cases, seed, shards,
 *       results.json, junit.xml, failing scenario files).</li>
 *   <li>Linked DUTs: {@link io.github.ccrhil.ccr.verify.campaign.LinkedCampaign} — generated remote
 *       step-command cases against a CCR at {@code tcp:}/{@code rtu:} through the acceptance
 *       suite's {@link io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions}, in wall-clock time, judged
 *       on the DUT's self-report (every verdict says so); plant and rig properties not applicable.</li>
 *   <li>Evidence: {@link io.github.ccrhil.ccr.verify.campaign.CampaignBundle} — a bundle of kind
 *       {@code ccr-campaign} on the evidence core: bundle.json, campaign-plan.json
 *       ({@link io.github.ccrhil.ccr.verify.campaign.CampaignPlan}: options and limits) and results.json
 *       "running" first, raw trace per case (streamed, judged as read back, then appended to the
 *       manifest), results.json in the shared shape (each property verdict's test id
 *       qualified by its case), junit.xml and report.html by the evidence writers (failing cases
 *       first, each case's properties folded, plots of every failing case and of the passing cases
 *       with the highest peak current and the slowest settling), identity.json, run.log,
 *       manifest.sha256 sealed whole last. {@code verify-bundle} re-judges every case and regenerates
 *       every derived file ({@link io.github.ccrhil.ccr.verify.campaign.CampaignVerifier}); a run cut
 *       short is INCOMPLETE.</li>
 * </ul>
 */
package io.github.ccrhil.ccr.verify.campaign;
