package io.github.ccrhil.ccr.verify.accept.dut;

import java.util.Objects;
import java.util.Optional;

/**
 * What a plan asks the DUT to be set to for a test (as a commissioning engineer would set it
 * before the test), in the plan's own words. An emulated DUT applies it to its configuration; a
 * real one has it set by the operator.
 *
 * @param fallback what the DUT does on loss of the control link: {@code hold}, {@code off} or
 *     {@code step-N}; empty for the DUT's own setting
 */
public record DutSettings(Optional<String> fallback) {

    /** The DUT as delivered. */
    public static final DutSettings AS_DELIVERED = new DutSettings(Optional.empty());

    public DutSettings {
        Objects.requireNonNull(fallback, "fallback");
        fallback.ifPresent(f -> {
            if (!(f.equals("hold") || f.equals("off") || f.matches("step-[0-9]"))) {
                throw new IllegalArgumentException("fallback is hold, off or step-N, was '" + f + "'");
            }
        });
    }
}
