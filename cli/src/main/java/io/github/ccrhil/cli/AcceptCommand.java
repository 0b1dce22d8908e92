package io.github.ccrhil.cli;

import io.github.ccrhil.evidence.ExitCode;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.ccr.panelweb.FollowingPanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.ccr.verify.accept.AcceptanceRun;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrSessions;
import io.github.ccrhil.ccr.verify.accept.dut.LinkedDutSessions;
import io.github.ccrhil.ccr.verify.accept.dut.EmulatedCcrOverLoopback;
import io.github.ccrhil.ccr.verify.accept.dut.Operator;
import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs an acceptance plan and writes the evidence bundle. Exit code: 0 every test passed, 1 a
 * test failed, 3 no failure but a test was inconclusive, 2 bad input.
 */
@Command(name = "accept", mixinStandardHelpOptions = true,
        description = {"Run an acceptance test plan against a CCR and write the evidence bundle:",
                "raw traces, results.json, junit.xml, report.html, COMTRADE files, identity, run log, manifest.sha256.",
                "Without arguments: the default plan against the emulated CCR over a real link (Modbus TCP on loopback;",
                "for the authority test also Modbus/TCP Security, with certificates made for the run by the JDK's keytool).",
                "--dut tcp:<host:port>, tls:<host:port> (Modbus/TCP Security, with --tls-key/--tls-trust) or rtu:<tty>:",
                "a CCR outside this process, in real time; the plan must say",
                "rig: operator-prompt (you are asked to make each fault and confirm with Enter) and measurement: dut-self-report.",
                "Exit code: 0 pass, 1 fail, 2 bad input, 3 inconclusive, 6 internal error, 7 the DUT could not start",
                "(e.g. the emulated CCR's firmware rejects its own tables)."})
final class AcceptCommand implements Callable<Integer> {

    static final int EXIT_FAIL = ExitCode.FAIL.code();
    static final int EXIT_INCONCLUSIVE = ExitCode.INCONCLUSIVE.code();

    @Spec
    CommandSpec spec;

    @Option(names = "--plan", paramLabel = "FILE", description = "Test plan (YAML or JSON). Default: the embedded default plan.")
    Path planFile;

    @Option(names = "--dut", paramLabel = "ADDRESS",
            description = "The DUT: emulated (default), tcp:<host:port>, tls:<host:port> or rtu:<tty>. Overrides the plan's dut.address.")
    String dut;

    @Option(names = "--link", paramLabel = "tcp-loopback|pty|in-process", defaultValue = "tcp-loopback",
            description = "For the emulated DUT: serve it as Modbus TCP on loopback (default), as Modbus RTU over socat pty pairs"
                    + " (needs socat), or call it in process.")
    String link;

    @Option(names = "--faulty-link", paramLabel = "FAULTS",
            description = {"For the emulated DUT over tcp-loopback or pty, or a DUT at --dut tcp:|tls:|rtu: (a proxy on a loopback port,",
                    "cutting TLS records at tls:, or a socat pty pair joined to the DUT's serial line): put a fault-injecting link between",
                    "the verifier and the DUT:",
                    "hostile (1% of bytes corrupted, 0.5% of frames dropped, 2% delayed up to 150 ms, 0.2% cut) or",
                    "corrupt=P,drop=P,delay=P,max-delay=MS,cut=P. Over TCP reads are confirmed by a second read, each transaction is",
                    "tried at most --attempts times, and every repeat is recorded in the bundle (each test's link.csv)."})
    String faultyLink;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
            description = "With --faulty-link: tries per transaction, 1..10 (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--link-seed", paramLabel = "N",
            description = "With --faulty-link: the link's seed (default: the plan's seed).")
    Long linkSeed;

    @Option(names = "--tls-key", paramLabel = "<file.p12>",
            description = "With --dut tls:<host:port> (Modbus/TCP Security): the verifier's key and certificate, PKCS#12;"
                    + " its password is read from the environment variable CCRHIL_TLS_PASSWORD.")
    Path tlsKey;

    @Option(names = "--tls-trust", paramLabel = "<file.p12>",
            description = "With --dut tls:<host:port>: the CA certificates the DUT's certificate must chain to, PKCS#12 (same password).")
    Path tlsTrust;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "Watchdog per Modbus transaction: 500ms, 2s; a bare number is ms (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--seed", paramLabel = "N", description = "Override the plan's seed.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Bundle folder (must not exist or be empty). Default: out/<plan>-<n>, the first that is free.")
    Path out;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Mixin
    PanelWebOption panelWeb;

    @Option(names = "--fleet", paramLabel = "FILE|emulated:N",
            description = {"Run the plan against every CCR of a fleet: a fleet file (fleet.yaml) or emulated:N (N emulated CCRs",
                    "behind emulated Modbus TCP gateways and on an RS-485 bus on a pty, with two planted faults). The plan is",
                    "--plan or the embedded fleet-after-update plan (for a fleet file naming real gateways and buses,",
                    "fleet-after-update-site: the operator at each vault as rig, each CCR's own report as measurement; each",
                    "prompt names its CCR, each Enter confirms one). One bundle per CCR under <out>/ccrs/ and a fleet bundle",
                    "over them (verify-bundle checks both). Exit code: the fleet's overall verdict."})
    String fleet;

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintWriter o = spec.commandLine().getOut();
        if (fleet != null) {
            return FleetAccept.run(this, o);
        }
        String text = planFile == null ? PlanReader.defaultPlanText() : Files.readString(planFile, StandardCharsets.UTF_8);
        TestPlan plan = planFile == null ? PlanReader.defaultPlan() : PlanReader.read(planFile);
        String address = dut != null ? dut : plan.dut().address();
        if (dut != null) {
            plan = plan.withDut(new TestPlan.DutSpec(dut, plan.dut().profile()));
        }
        boolean linked = !address.equals("emulated");
        io.github.ccrhil.modbus.link.LinkFaults faults = faultyLink == null ? null
                : io.github.ccrhil.modbus.link.LinkFaults.parse(faultyLink);
        if (faults != null && !linked && link.equals("in-process")) {
            throw new IllegalArgumentException("--faulty-link: for the emulated DUT served over --link tcp-loopback or pty,"
                    + " or a DUT at --dut tcp:<host:port>, tls:<host:port> or rtu:<tty>");
        }
        if (faults != null && (attempts < 1 || attempts > 10)) {
            throw new IllegalArgumentException("--attempts: 1..10, was " + attempts);
        }
        if (linked && panelWeb.enabled()) {
            throw new IllegalArgumentException("--panel-web shows the emulated CCR's own panel; a DUT at the end of a link has its own");
        }
        if (linked && !(address.startsWith("tcp:") || address.startsWith("tls:") || address.startsWith("rtu:"))) {
            throw new IllegalArgumentException("--dut: expected emulated, tcp:<host:port>, tls:<host:port> or rtu:<tty>, was '"
                    + address + "'");
        }
        if ((tlsKey != null || tlsTrust != null) != address.startsWith("tls:")) {
            throw new IllegalArgumentException(address.startsWith("tls:")
                    ? "--dut " + address + ": Modbus/TCP Security needs --tls-key and --tls-trust"
                    : "--tls-key and --tls-trust are for a DUT at tls:<host:port>");
        }
        if (address.startsWith("tls:") && (tlsKey == null || tlsTrust == null)) {
            throw new IllegalArgumentException("--dut " + address + ": Modbus/TCP Security needs both --tls-key and --tls-trust");
        }
        if (linked && plan.rig() == TestPlan.Rig.EMULATED_PLANT) {
            throw new IllegalArgumentException("--dut " + address + ": a DUT outside this process needs rig: operator-prompt"
                    + " or relay-module; the plan says " + lower(plan.rig().name()));
        }
        if (linked && plan.measurement() == TestPlan.Measurement.PLANT_TRACE) {
            throw new IllegalArgumentException("--dut " + address + ": without a plant, the measurement is an external meter"
                    + " or the DUT's own report: the plan must say measurement: external-meter or dut-self-report");
        }
        if (!linked && plan.rig() != TestPlan.Rig.EMULATED_PLANT) {
            throw new IllegalArgumentException("the emulated DUT takes rig: emulated-plant, the plan says " + lower(plan.rig().name()));
        }
        if (!linked && plan.measurement() == TestPlan.Measurement.EXTERNAL_METER) {
            throw new IllegalArgumentException("the emulated DUT is measured by its plant: measurement external-meter needs --dut tcp:|rtu:");
        }
        Profile relayProfile = plan.rigDevice() == null ? null : benchProfile(plan.rigDevice().profile(), planFile);
        Profile meterProfile = plan.meterDevice() == null ? null : benchProfile(plan.meterDevice().profile(), planFile);
        Profile profile = CcrProfiles.referenceCcr();
        if (!plan.dut().profile().equals("reference-ccr")) {
            Path p = Path.of(plan.dut().profile());
            if (!p.isAbsolute() && planFile != null && planFile.toAbsolutePath().getParent() != null) {
                p = planFile.toAbsolutePath().getParent().resolve(p);
            }
            try {
                profile = ProfileLoader.load(p);
            } catch (ProfileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            plan = plan.withDut(new TestPlan.DutSpec(plan.dut().address(), p.toString()));
        }
        if (seed != null) {
            plan = plan.withSeed(seed);
        }
        Path bundle = out != null ? out : freeFolder(plan.name());
        Procedures.Session session = null;
        String how = null;
        AutoCloseable closeAfter = null;
        if (linked) {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            LinkedDutSessions s = new LinkedDutSessions(plan, address, profile, LinkOptions.parseDuration(timeout, "--timeout"), Clock.systemUTC(),
                    keepAlive -> Operator.console(in, o, Clock.systemUTC(), Duration.ofMinutes(10), keepAlive),
                    relayProfile, meterProfile, address.startsWith("tls:") ? LinkOptions.tls(tlsKey, tlsTrust) : null);
            if (address.startsWith("tls:")) {
                // the authority test's other clients: certificates the plan names, relative to the plan's folder
                Path base = planFile != null && planFile.toAbsolutePath().getParent() != null ? planFile.toAbsolutePath().getParent()
                        : Path.of("");
                String pw = System.getenv("CCRHIL_TLS_PASSWORD");
                try {
                    s.tlsProbes(io.github.ccrhil.ccr.verify.accept.dut.TlsProbes.fromPlan(plan, base,
                            pw == null ? new char[0] : pw.toCharArray()));
                } catch (IOException e) {
                    s.close();
                    throw new IllegalArgumentException("the authority test's certificates: " + e.getMessage(), e);
                }
            }
            if (faults != null) {
                s.throughFaultyLink(faults, linkSeed != null ? linkSeed : plan.seed(), attempts);
            }
            session = s;
            how = s.describe() + (faults == null ? "" : ", link faults " + faults + " seed "
                    + (linkSeed != null ? linkSeed : plan.seed()));
            closeAfter = s;
            link = "linked";
        }
        EmulatedCcrOverLoopback loopback = null;
        switch (link) {
            case "linked" -> { }
            case "tcp-loopback", "pty" -> {
                loopback = new EmulatedCcrOverLoopback(plan, LinkOptions.parseDuration(timeout, "--timeout"), 0, profile)
                        .over(link.equals("pty") ? EmulatedCcrOverLoopback.Medium.PTY : EmulatedCcrOverLoopback.Medium.TCP);
                if (faults != null) {
                    loopback.throughFaultyLink(faults, linkSeed != null ? linkSeed : plan.seed(), attempts);
                }
                // the authority test's Modbus/TCP Security part: over plain TCP, the CCR also served over TLS, with
                // certificates made for this run (by the JDK's keytool, while the first tests run)
                loopback.asAcceptServesIt(io.github.ccrhil.ccr.verify.accept.dut.SiteCertificates::inBackground);
                session = loopback;
                how = loopback.describe();
            }
            case "in-process" -> {
                session = EmulatedCcrSessions.reference(plan);
                how = "emulated CCR in process (simulated time)";
            }
            default -> throw new IllegalArgumentException("--link: expected tcp-loopback, pty or in-process, was '" + link + "'");
        }
        FollowingPanelAccess panelOfTheRun = new FollowingPanelAccess();
        session = panelWeb.enabled() ? PanelWebOption.following(session, panelOfTheRun) : session;
        PanelWebServer page = panelWeb.startMonitor(panelOfTheRun, o);
        o.println("plan " + plan.name() + " (" + plan.tests().size() + " tests, seed " + plan.seed() + "), DUT " + address
                + ": " + how);
        o.println("bundle " + bundle);
        AcceptanceRun.Result r;
        try {
            r = new AcceptanceRun(plan, text, session, how, quiet ? AcceptanceRun.Progress.NONE : progress(o), Clock.systemUTC())
                    .run(bundle);
        } finally {
            if (page != null) {
                page.close();
            }
            if (loopback != null) {
                loopback.close();
            }
            if (closeAfter instanceof LinkedDutSessions l) {
                l.close();
            }
        }
        o.println("verdict " + r.outcome() + ": " + r.count(Outcome.PASS) + " passed, " + r.count(Outcome.FAIL) + " failed, "
                + r.count(Outcome.INCONCLUSIVE) + " inconclusive; report " + bundle.resolve("report.html"));
        if (loopback != null && faults != null) {
            EmulatedCcrOverLoopback.LinkReport l = loopback.linkReport();
            o.println("link: " + l.runs().size() + " DUT sessions, " + l.faults() + " faults injected, " + l.retries().size()
                    + " transactions repeated, " + l.exhausted() + " lost on every attempt (each test's link.csv)");
        } else if (faults != null) {
            o.println("link: the faults injected, transactions repeated and lost are in each test's link.csv");
        }
        return ExitCode.of(r.outcome()).code();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static AcceptanceRun.Progress progress(PrintWriter o) {
        return new AcceptanceRun.Progress() {
            @Override
            public void testStarted(int index, int total, TestSpec test) {
                o.print(String.format(Locale.ROOT, "[%2d/%d] %-28s", index + 1, total, test.id()));
                o.flush();
            }

            @Override
            public void runStarted(String testId, String run) {
                o.print(".");
                o.flush();
            }

            @Override
            public void testJudged(int index, int total, Verdict v) {
                o.println(" " + v.outcome() + (v.outcome() == Outcome.PASS ? "" : ": " + v.reason()));
            }
        };
    }

    private static Path freeFolder(String plan) throws IOException {
        for (int n = 1; ; n++) {
            Path p = Path.of("out", plan + "-" + n);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    /** A bench device's profile: a file, relative to the plan's folder unless absolute. */
    private static Profile benchProfile(String file, Path planFile) {
        Path p = Path.of(file);
        if (!p.isAbsolute() && planFile != null && planFile.toAbsolutePath().getParent() != null) {
            p = planFile.toAbsolutePath().getParent().resolve(p);
        }
        try {
            return ProfileLoader.load(p);
        } catch (ProfileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
