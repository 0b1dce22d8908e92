package io.github.ccrhil.hil.accept;

import io.github.ccrhil.hil.accept.dut.EmulatedDut;
import io.github.ccrhil.hil.accept.plan.PlanReader;
import io.github.ccrhil.hil.accept.plan.TestPlan;
import io.github.ccrhil.hil.accept.verdict.Check;
import io.github.ccrhil.hil.accept.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

public class Explore {
    public static void main(String[] a) throws Exception {
        TestPlan plan = PlanReader.defaultPlan();
        Path dir = Path.of(a[0]);
        long t = System.nanoTime();
        var r = new AcceptanceRun(plan, PlanReader.defaultPlanText(), EmulatedDut.reference(plan), "in-process",
                AcceptanceRun.Progress.NONE, Clock.systemUTC()).run(dir);
        System.out.println("wall " + (System.nanoTime() - t) / 1e9);
        for (Verdict v : r.verdicts()) {
            System.out.println(v.testId() + " " + v.outcome() + " " + v.reason());
            if (a.length > 1) for (Check c : v.checks()) System.out.println("   " + c.outcome() + " " + c.run() + " " + c.what() + " = " + c.measured() + " lim " + c.limit());
        }
    }
}
