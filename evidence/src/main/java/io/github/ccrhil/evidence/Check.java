package io.github.ccrhil.evidence;

/**
 * One judged quantity of a test.
 *
 * @param run the run (trace) it was computed from
 * @param what what was checked, in words
 * @param limitName the limit's name
 * @param limit the limit as text, e.g. "≤ 6.7 A" or "within 2.72..2.88 A"
 * @param provenance where the limit comes from
 * @param defaultLimit true when the limit is a default (the governing document was not read)
 * @param measured the measured value as text, with its unit
 * @param outcome pass, fail or inconclusive
 * @param atSeconds simulated time the check refers to (NaN when not one moment)
 */
public record Check(String run, String what, String limitName, String limit, String provenance, boolean defaultLimit,
                    String measured, Outcome outcome, double atSeconds) { }
