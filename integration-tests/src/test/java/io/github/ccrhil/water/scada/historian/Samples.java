package io.github.ccrhil.water.scada.historian;

import io.github.ccrhil.water.scada.Quality;
import io.github.ccrhil.water.scada.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test cycles: {@code tags} tags, one sample each per cycle, one cycle per second. */
final class Samples {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static List<Sample> cycle(String prefix, int tags, int cycle) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            out.add(new Sample(prefix + ".P" + i, T0.plus(Duration.ofSeconds(cycle)), cycle * 1000.0 + i,
                    cycle % 7 == 3 ? Quality.COMM_FAIL : Quality.GOOD));
        }
        return out;
    }

    private Samples() {
    }
}
