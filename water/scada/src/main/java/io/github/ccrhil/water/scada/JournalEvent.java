package io.github.ccrhil.water.scada;

import java.time.Instant;

/**
 * One entry of the event journal.
 *
 * @param seq    1, 2, 3... in order of recording
 * @param time   when it was recorded (injected clock)
 * @param type   ALARM_RAISED, ALARM_CLEARED, ALARM_ACKED, ALARM_SHELVED, ALARM_UNSHELVED, ALARM_SUPPRESSED,
 *               FLOOD_BEGIN, FLOOD_END, QUALITY, COMMAND, COMMAND_REFUSED, FAILOVER, SERVER
 * @param source alarm id, tag, PLC or server name
 * @param user   who did it ("system" for the server itself)
 * @param detail one line of text
 */
public record JournalEvent(long seq, Instant time, String type, String source, String user, String detail) {
}
