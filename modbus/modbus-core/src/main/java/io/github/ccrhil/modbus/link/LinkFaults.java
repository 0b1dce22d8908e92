package io.github.ccrhil.modbus.link;

import java.time.Duration;
import java.util.Objects;

/**
 * What a fault-injecting link (the TCP {@code FaultyLink}, the serial {@code PtyFaultyLink}) does to the frames it carries, each decided per frame (per
 * byte for corruption) from the link's seeded random source.
 *
 * @param corruptedBytes probability that a byte of an answer is changed (a random bit flipped), 0..1
 * @param droppedFrames probability that a frame is not passed on, 0..1
 * @param delayedFrames probability that a frame is held back by up to {@code maxDelay}, 0..1
 * @param maxDelay the longest added delay
 * @param disconnects probability that the link closes the connection instead of passing a frame, 0..1
 */
public record LinkFaults(double corruptedBytes, double droppedFrames, double delayedFrames, Duration maxDelay,
                         double disconnects) {

    /** None: the link passes every frame unchanged. */
    public static final LinkFaults NONE = new LinkFaults(0, 0, 0, Duration.ZERO, 0);

    /**
     * The hostile link: 1 % of bytes corrupted, 0.5 % of frames dropped, 2 % delayed by up
     * to 150 ms, 0.2 % cut the connection.
     */
    public static final LinkFaults HOSTILE = new LinkFaults(0.01, 0.005, 0.02, Duration.ofMillis(150), 0.002);

    public LinkFaults {
        probability("corruptedBytes", corruptedBytes);
        probability("droppedFrames", droppedFrames);
        probability("delayedFrames", delayedFrames);
        probability("disconnects", disconnects);
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        }
    }

    /**
     * Reads a link's faults from a command line: {@code hostile}, {@code none}, or comma-separated
     * {@code corrupt=P,drop=P,delay=P,max-delay=MS,cut=P} (probabilities 0..1; missing ones are 0).
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static LinkFaults parse(String text) {
        String t = text.trim();
        if (t.equals("hostile")) {
            return HOSTILE;
        }
        if (t.equals("none")) {
            return NONE;
        }
        double corrupt = 0;
        double drop = 0;
        double delay = 0;
        long maxDelayMs = 0;
        double cut = 0;
        for (String part : t.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("link faults: expected hostile, none or corrupt=P,drop=P,delay=P,max-delay=MS,cut=P; was '"
                        + text + "'");
            }
            try {
                switch (kv[0].trim()) {
                    case "corrupt" -> corrupt = Double.parseDouble(kv[1].trim());
                    case "drop" -> drop = Double.parseDouble(kv[1].trim());
                    case "delay" -> delay = Double.parseDouble(kv[1].trim());
                    case "max-delay" -> maxDelayMs = Long.parseLong(kv[1].trim().replaceFirst("ms$", ""));
                    case "cut" -> cut = Double.parseDouble(kv[1].trim());
                    default -> throw new IllegalArgumentException("link faults: unknown fault '" + kv[0].trim()
                            + "' (expected corrupt, drop, delay, max-delay, cut)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("link faults: '" + kv[1].trim() + "' is not a number (" + kv[0].trim() + ")", e);
            }
        }
        return new LinkFaults(corrupt, drop, delay, Duration.ofMillis(maxDelayMs), cut);
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability 0..1, was " + p);
        }
    }
}
