/**
 * One report generator for every kind of bundle. A kind maps its plan, raw data and verdicts
 * onto a {@link io.github.ccrhil.evidence.report.TestReport} (with
 * {@link io.github.ccrhil.evidence.report.Plot}s of its raw data against its limits);
 * {@link io.github.ccrhil.evidence.report.HtmlReport} writes report.html and
 * {@link io.github.ccrhil.evidence.report.JunitXml} junit.xml from it. Neither judges anything.
 */
package io.github.ccrhil.evidence.report;
