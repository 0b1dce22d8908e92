/**
 * The water supervisory system's HMI in a browser: overview mimic, trends, alarm list, two-step
 * commands, audit trail and which server is active, all read from and acted through the
 * supervisory server's API.
 */
package io.github.ccrhil.water.hmi;
