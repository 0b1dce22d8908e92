package io.github.ccrhil.ccr.firmware.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ccrhil.ccr.firmware.fake.Rig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Polling keeps the link alive without flooding the event log: at one heartbeat per 1.25 s a
 * 1,000-entry log would lose a trip after about 21 minutes.
 */
class HeartbeatLogTest {

    @Test
    void heartbeatsAreCountedAndNeverWrittenToTheEventLog() {
        Rig rig = StateMachineTest.rig();
        rig.remoteStep(3);
        rig.run(Duration.ofSeconds(2));
        long seq = rig.board.events().lastSequence();
        long before = rig.board.status().counters().heartbeats();
        for (int i = 0; i < 2000; i++) { // more than the log holds
            assertEquals(CommandOutcome.ACCEPTED, rig.board.command(new Command.Heartbeat()));
        }
        assertEquals(seq, rig.board.events().lastSequence(), "no event for a heartbeat");
        assertEquals(before + 2000, rig.board.status().counters().heartbeats());
        assertEquals(0, rig.board.status().counters().eventsDropped());
    }
}
