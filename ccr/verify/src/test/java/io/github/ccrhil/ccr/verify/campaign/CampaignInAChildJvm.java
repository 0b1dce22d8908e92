package io.github.ccrhil.ccr.verify.campaign;

import java.nio.file.Path;

/** A long campaign on the emulated DUT, in a JVM of its own, so that a test can kill -9 it: {@code <bundle>}. */
public final class CampaignInAChildJvm {

    /** The campaign the child runs: far more cases than it gets to before it is killed. */
    static final Campaign.Config CONFIG = new Campaign.Config(2000, 19, 1, 1, java.util.List.of(CaseKind.values()), 0.1, 2, 0);

    private CampaignInAChildJvm() { }

    public static void main(String[] args) throws Exception {
        Campaign.run(CONFIG, Path.of(args[0]), n -> { });
    }
}
