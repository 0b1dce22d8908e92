package io.github.ccrhil.ccr.verify.accept.dut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The person at the test bench, as a rig: told what to do, confirms when done. Every prompt and
 * confirmation is timestamped on the wall clock by the caller's events.
 */
public interface Operator {

    /** Shows the instruction; returns once the operator has confirmed it. */
    void instruct(String instruction) throws DutException;

    /**
     * Waits for the confirmation, calling {@code whileWaiting} between short waits (the verifier
     * keeps polling the DUT so its control link stays alive).
     */
    interface Waiting {
        void tick() throws DutException;
    }

    /** An operator at a console: a line on {@code out}, Enter on {@code in}; gives up after {@code patience}. */
    static Operator console(BufferedReader in, PrintWriter out, Clock clock, Duration patience, Waiting whileWaiting) {
        return console(lines(in), out, clock, patience, whileWaiting);
    }

    /** The lines typed at a console, read by one thread: several operators' prompts may share them (a fleet's vaults). */
    static BlockingQueue<String> lines(BufferedReader in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                for (String l; (l = in.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "operator-console");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** An operator confirming with the next of {@code lines} (each line confirms one prompt). */
    static Operator console(BlockingQueue<String> lines, PrintWriter out, Clock clock, Duration patience, Waiting whileWaiting) {
        return instruction -> {
            out.println("OPERATOR [" + Instant.now(clock) + "]: " + instruction + " -- press Enter when done");
            out.flush();
            Instant until = Instant.now(clock).plus(patience);
            while (Instant.now(clock).isBefore(until)) {
                try {
                    if (lines.poll(100, TimeUnit.MILLISECONDS) != null) {
                        out.println("OPERATOR [" + Instant.now(clock) + "]: confirmed");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DutException("interrupted while waiting for the operator", e);
                }
                whileWaiting.tick();
            }
            throw new DutException("the operator did not confirm within " + patience.toSeconds() + " s: " + instruction);
        };
    }
}
