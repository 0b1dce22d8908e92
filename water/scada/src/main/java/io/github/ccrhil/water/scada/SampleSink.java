package io.github.ccrhil.water.scada;

import java.util.List;

/** Receives each scan cycle's samples (historian spool, alarm manager, standby feed...). */
@FunctionalInterface
public interface SampleSink {
    void accept(List<Sample> cycle);
}
