package io.github.ccrhil.modbus.link;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault model shared by every fault-injecting link (the TCP {@code FaultyLink}, the serial
 * {@code PtyFaultyLink}): for each frame it carries, in this order, whether the link is cut,
 * the frame dropped, the frame delayed (and by how long), and which of its bytes are corrupted (a
 * random bit flipped), each decided from the caller's seeded random source as {@link LinkFaults}
 * says. Every fault is counted ({@link #counts()}); the counters are safe to share between the
 * link's threads.
 */
public final class FaultInjector {

    /** Frames carried and faults injected so far. */
    public record Counts(long frames, long corruptedBytes, long droppedFrames, long delayedFrames, long disconnects) {
        public long faults() {
            return corruptedBytes + droppedFrames + delayedFrames + disconnects;
        }
    }

    /** What happens to one frame. */
    public sealed interface Fate permits Pass, Drop, Cut {
    }

    /** Passed on, after {@code delay} (zero: at once); its bytes may have been corrupted in place. */
    public record Pass(Duration delay, int corruptedBytes) implements Fate {
    }

    /** Not passed on. */
    public record Drop() implements Fate {
    }

    /** The link is cut instead (a TCP connection closed; a serial line gone quiet). */
    public record Cut() implements Fate {
    }

    private final LinkFaults faults;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();

    public FaultInjector(LinkFaults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    public LinkFaults faults() {
        return faults;
    }

    /**
     * Decides the fate of the frame in {@code frame[0..size)}, corrupting its bytes in place when
     * {@code corrupt} and the dice say so.
     */
    public Fate decide(SplittableRandom random, byte[] frame, int size, boolean corrupt) {
        frames.incrementAndGet();
        if (random.nextDouble() < faults.disconnects()) {
            disconnects.incrementAndGet();
            return new Cut();
        }
        if (random.nextDouble() < faults.droppedFrames()) {
            dropped.incrementAndGet();
            return new Drop();
        }
        Duration delay = Duration.ZERO;
        if (random.nextDouble() < faults.delayedFrames()) {
            delayed.incrementAndGet();
            delay = Duration.ofNanos((long) (random.nextDouble() * faults.maxDelay().toNanos()));
        }
        int changed = 0;
        for (int i = 0; corrupt && i < size; i++) {
            if (random.nextDouble() < faults.corruptedBytes()) {
                frame[i] ^= (byte) (1 << random.nextInt(8));
                changed++;
            }
        }
        corrupted.addAndGet(changed);
        return new Pass(delay, changed);
    }

    public Counts counts() {
        return new Counts(frames.get(), corrupted.get(), dropped.get(), delayed.get(), disconnects.get());
    }
}
