/**
 * Property-based campaigns (issue #5): generated scenarios across the operating space, judged by
 * properties that are pure functions of a run's trace rows.
 *
 * <ul>
 *   <li>Generation model: {@link io.github.ccrhil.hil.campaign.OperatingSpace} (ranges),
 *       {@link io.github.ccrhil.hil.campaign.OperatingPoint},
 *       {@link io.github.ccrhil.hil.campaign.Cases} (step changes, open circuits, lamp failures,
 *       command/fault/power sequences). The property tests draw them with Americium; the
 *       {@code campaign} command with a seeded SplittableRandom.</li>
 *   <li>Properties: {@link io.github.ccrhil.hil.campaign.PropertyChecks}, against
 *       {@link io.github.ccrhil.hil.campaign.PropertyLimits} (named, with provenance), with
 *       {@link io.github.ccrhil.hil.campaign.Reachability} (what the plant can reach at full
 *       conduction) and the abstract state-machine oracle
 *       {@link io.github.ccrhil.hil.campaign.BoardModel}.</li>
 *   <li>Acting on failures: {@link io.github.ccrhil.hil.campaign.Shrinker},
 *       {@link io.github.ccrhil.hil.campaign.ScenarioWriter} (reads back equal through
 *       {@link io.github.ccrhil.hil.scenario.ScenarioReader}),
 *       {@link io.github.ccrhil.hil.campaign.FailureFiles} (file + replay command).</li>
 *   <li>Running: {@link io.github.ccrhil.hil.campaign.CaseRunner} (one case on the emulated DUT
 *       in simulated time), {@link io.github.ccrhil.hil.campaign.Campaign} (cases, seed, shards,
 *       results.json, junit.xml, failing scenario files).</li>
 * </ul>
 */
package io.github.ccrhil.hil.campaign;
