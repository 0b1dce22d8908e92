package io.github.ccrhil.ccr.verify.accept;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import java.nio.file.Path;
import java.time.Clock;

/** The default plan against the emulated CCR in process, in a JVM of its own, so that a test can kill -9 it. */
public final class AcceptInAChildJvm {

    private AcceptInAChildJvm() { }

    public static void main(String[] args) throws Exception {
        TestPlan plan = PlanReader.defaultPlan();
        new AcceptanceRun(plan, PlanReader.defaultPlanText(), EmulatedCcrSessions.reference(plan), "in-process (child JVM)",
                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(Path.of(args[0]));
    }
}
