package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrFleet;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedCcrFleet;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.modbus.client.SharedLineClient;
import io.github.ccrhil.ccr.verify.accept.fleet.Fleet;
import io.github.ccrhil.ccr.verify.accept.fleet.FleetPlans;
import io.github.ccrhil.ccr.verify.accept.fleet.FleetReader;
import io.github.ccrhil.ccr.verify.accept.fleet.FleetRun;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/** {@code accept --fleet}: the plan against every CCR of a fleet file, or of the emulated fleet. */
final class FleetAccept {

    private FleetAccept() { }

    static int run(AcceptCommand a, PrintWriter o) throws IOException, ConfigException {
        if (a.dut != null || a.faultyLink != null || a.tlsKey != null || a.tlsTrust != null || a.panelWeb.enabled()
                || a.seed != null) {
            throw new IllegalArgumentException("--fleet: each CCR's address comes from the fleet file; --dut, --seed,"
                    + " --faulty-link, --tls-* and --panel-web are for a single CCR");
        }
        Duration timeout = LinkOptions.parseDuration(a.timeout, "--timeout");
        String fleetText;
        EmulatedCcrFleet emulated;
        if (a.fleet.startsWith("emulated:")) {
            int n;
            try {
                n = Integer.parseInt(a.fleet.substring("emulated:".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fleet emulated:N: N is a number of CCRs, was '" + a.fleet + "'");
            }
            emulated = EmulatedCcrFleet.of(n, timeout);
            fleetText = emulated.fleetYaml();
        } else {
            fleetText = Files.readString(Path.of(a.fleet), StandardCharsets.UTF_8);
            emulated = null;
        }
        Fleet fleet = FleetReader.read(emulated != null ? "fleet.yaml (emulated)" : a.fleet, fleetText);
        String planText = a.planFile != null ? Files.readString(a.planFile, StandardCharsets.UTF_8)
                : fleet.emulated() ? FleetPlans.defaultPlanText() : FleetPlans.sitePlanText();
        TestPlan fleetPlan = PlanReader.read(a.planFile != null ? a.planFile.toString() : FleetRun.PLAN_FILE, planText);
        boolean onPlant = fleetPlan.rig() == TestPlan.Rig.EMULATED_PLANT;
        if (fleet.emulated() != onPlant || (fleetPlan.measurement() == TestPlan.Measurement.PLANT_TRACE) != onPlant) {
            throw new IllegalArgumentException(fleet.emulated()
                    ? "--fleet: the emulated CCRs run on their emulated plant: the plan must say rig: emulated-plant and"
                            + " measurement: plant-trace"
                    : "--fleet " + a.fleet + ": real CCRs need a plan with rig: operator-prompt and measurement: dut-self-report"
                            + " (the default for a real fleet, fleet-after-update-site); the plan says rig: "
                            + fleetPlan.rig().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", measurement: "
                            + fleetPlan.measurement().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (!fleet.emulated() && fleetPlan.rig() != TestPlan.Rig.OPERATOR_PROMPT) {
            throw new IllegalArgumentException("--fleet " + a.fleet + ": a fleet's rig is the operator at each vault (rig: operator-prompt);"
                    + " relay modules and external meters per CCR are not built for fleets yet");
        }
        if (!fleet.emulated() && fleetPlan.measurement() != TestPlan.Measurement.DUT_SELF_REPORT) {
            throw new IllegalArgumentException("--fleet " + a.fleet + ": a fleet's measurement is each CCR's own report"
                    + " (measurement: dut-self-report); external meters per CCR are not built for fleets yet");
        }
        EmulatedCcrFleet serving = fleet.emulated() ? (emulated != null ? emulated : EmulatedCcrFleet.serving(timeout)) : null;
        LinkedCcrFleet linked = null;
        if (!fleet.emulated()) {
            // the people at the vaults: one console, each prompt naming its CCR; each Enter confirms one waiting prompt
            java.util.concurrent.BlockingQueue<String> typed = Operator.lines(
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)));
            Path base = Path.of(a.fleet).toAbsolutePath().getParent();
            linked = new LinkedCcrFleet(base, timeout, Clock.systemUTC(), (ccr, keepAlive) -> {
                Operator console = Operator.console(typed, o, Clock.systemUTC(), Duration.ofMinutes(10), keepAlive);
                return instruction -> console.instruct(ccr.name() + " (" + ccr.vault() + ", " + ccr.address().describe() + "): "
                        + instruction);
            });
        }
        try (AutoCloseable closing = serving != null ? serving : linked) {
            return run(a, o, fleet, fleetText, planText, serving != null ? serving.duts(fleet) : linked.duts(), emulated,
                    serving != null ? serving::lines : linked::lines, serving != null
                            ? () -> serving.gateways().values().stream().map(g -> g.describe()).toList() : java.util.List::of);
        } catch (IOException | ConfigException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int run(AcceptCommand a, PrintWriter o, Fleet fleet, String fleetText, String planText, FleetRun.Duts duts,
                           EmulatedCcrFleet emulated, java.util.function.Supplier<java.util.Map<String, SharedLineClient.Line>> lines,
                           java.util.function.Supplier<java.util.List<String>> gateways)
            throws IOException, ConfigException {
        Path bundle = a.out != null ? a.out : free(fleet.name());
        o.println("fleet " + fleet.name() + ": " + fleet.ccrs().size() + " CCRs on " + fleet.byMedium().size()
                + " gateways/buses; bundle " + bundle);
        if (emulated != null && !a.quiet) {
            emulated.planted().forEach((c, p) -> o.println("  planted: " + c + " " + EmulatedCcrFleet.describe(p)));
        }
        o.flush();
        FleetRun.Progress progress = a.quiet ? FleetRun.Progress.NONE : new FleetRun.Progress() {
            @Override
            public void ccrStarted(Fleet.Ccr ccr, int running) { }

            @Override
            public void testJudged(Fleet.Ccr ccr, int index, int total, Verdict v) {
                if (v.outcome() != Outcome.PASS) {
                    synchronized (o) {
                        o.println("  " + ccr.name() + " " + v.testId() + ": " + v.outcome() + ": " + v.reason());
                        o.flush();
                    }
                }
            }

            @Override
            public void ccrDone(Fleet.Ccr ccr, Outcome outcome, Duration took, int done, int total) {
                synchronized (o) {
                    o.println(String.format(Locale.ROOT, "[%3d/%d] %-10s %-40s %-12s %5.1f s", done, total, ccr.name(),
                            ccr.address().describe(), outcome, took.toMillis() / 1000.0));
                    o.flush();
                }
            }
        };
        FleetRun.Result r = new FleetRun(fleet, fleetText, planText, duts, progress, Clock.systemUTC()).run(bundle);
        long drift = r.identities().values().stream().filter(i -> i.drift()).count();
        o.println("fleet verdict " + r.outcome() + " in " + String.format(Locale.ROOT, "%.1f s", r.wallTime().toMillis() / 1000.0)
                + ": " + r.findings().size() + " CCR(s) with a finding, " + drift + " differ from their declared identity; report "
                + bundle.resolve("report.html"));
        r.findings().forEach((c, f) -> o.println("  " + c + " " + f));
        gateways.get().forEach(o::println);
        lines.get().forEach((bus, line) -> o.println("bus " + bus + ": " + line.transactions() + " transactions, "
                + line.waited() + " waited their turn, at most " + line.mostAtOnce() + " at once"));
        return ExitCode.of(r.outcome()).code();
    }

    private static Path free(String name) {
        for (int n = 1; ; n++) {
            Path p = Path.of("out", "fleet-" + name + "-" + n);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
