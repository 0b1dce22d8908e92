package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.JournalEvent;

/**
 * A journal event as the historian keeps it: the audit trail of the pair.
 *
 * @param id     position in the trail, assigned by the database: 1, 2, 3... without gaps, in the
 *               order the events were committed, whichever server stored them
 * @param server the server that recorded it
 * @param boot   the run of that server's process (a random id drawn at start): with the server's
 *               own sequence it names the event, so a restarted server never overwrites, and is
 *               never mistaken for, the events of its earlier runs
 * @param epoch  the lease epoch the server held when it recorded the event (0 while standby)
 * @param event  the event itself ({@link JournalEvent#seq()} is the server's sequence in that run)
 */
public record StoredEvent(long id, String server, String boot, long epoch, JournalEvent event) {
}
