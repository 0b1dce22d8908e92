package io.github.ccrhil.water.verify.accept;

import io.github.ccrhil.evidence.host.HostJudgement;
import io.github.ccrhil.evidence.host.HostLoad;

import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.FixedPoint;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import io.github.ccrhil.evidence.Verdict;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.water.verify.accept.RawData.AlarmRecord;
import io.github.ccrhil.water.verify.accept.RawData.AuditEvent;
import io.github.ccrhil.water.verify.accept.RawData.AutonomyRecord;
import io.github.ccrhil.water.verify.accept.RawData.CommandRecord;
import io.github.ccrhil.water.verify.accept.RawData.CommandStep;
import io.github.ccrhil.water.verify.accept.RawData.FailoverRecord;
import io.github.ccrhil.water.verify.accept.RawData.HistorianRecord;
import io.github.ccrhil.water.verify.accept.RawData.IdentityRecord;
import io.github.ccrhil.water.verify.accept.RawData.ScanRecord;
import io.github.ccrhil.water.verify.accept.RawData.StoredSample;
import io.github.ccrhil.water.scada.server.SupervisoryServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The water acceptance verdicts as a pure function of (plan, raw data): no plant, no server, no
 * clock. The live run only records ({@link RawData}); it and {@code verify-bundle} both call
 * {@link #judge(Path)} on the bundle's own {@value WaterPlan#FILE} and traces. A check whose raw
 * data is missing or unreadable is INCONCLUSIVE, naming the file.
 */
public final class WaterJudge {

    /** The API's answer of a server that is the standby (its lease lapsed or passed on). */
    static final int STANDBY_ANSWER = 503;

    /** A pump's run command below this is a stopped pump. */
    static final double PUMP_RUNNING = 0.5;

    private WaterJudge() {
    }

    /** Every check of the bundle's plan, judged from the bundle's raw data, in plan order. */
    public static List<Verdict> judge(Path bundle) throws ConfigException {
        WaterPlan plan = WaterPlan.read(bundle.resolve(WaterPlan.FILE));
        List<Verdict> out = new ArrayList<>();
        for (CheckSpec c : plan.checks()) {
            out.add(judge(bundle, c));
        }
        return out;
    }

    /**
     * The files a check's samples are streamed to (bundles from before hold them in the check's record), and files a
     * check gained later (bundles from before do not have them).
     */
    private static final java.util.Set<String> STREAMED = java.util.Set.of(RawData.PLC_SAFETY_SAMPLES, RawData.LOGIN_ATTEMPTS, RawData.SCAN_STARTS,
            RawData.hostFile(WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN)); // the last: recorded since round 5

    /**
     * The check judged from its raw files. A bundle written before a check's samples were streamed
     * to a file of their own holds them in the check's record: its verdict names only the files it has.
     */
    static Verdict judge(Path bundle, CheckSpec c) {
        Verdict v = judgeFrom(bundle, c);
        List<String> files = v.files().stream().filter(f -> !STREAMED.contains(f) || java.nio.file.Files.exists(bundle.resolve(f)))
                .toList();
        return files.equals(v.files()) ? v : new Verdict(v.testId(), v.procedure(), v.requirement(), v.clause(), v.outcome(), v.reason(),
                v.measurement(), v.selfReported(), v.checks(), files);
    }

    private static Verdict judgeFrom(Path bundle, CheckSpec c) {
        String file = files(c.id()).isEmpty() ? "" : files(c.id()).get(0);
        try {
            return switch (c.id()) {
                case WaterPlan.IDENTITY -> identity(c, WaterPlan.read(bundle.resolve(WaterPlan.FILE)).identity(),
                        RawData.readJson(bundle, RawData.IDENTITY, IdentityRecord.class), bundle);
                case WaterPlan.SCAN_PERIOD_UNDER_LOAD -> onHost(bundle, c, scan(c, RawData.scanWithStarts(bundle,
                        RawData.readJson(bundle, RawData.SCAN, ScanRecord.class))));
                case WaterPlan.ALARM_LATENCY -> onHost(bundle, c, alarm(c, RawData.readJson(bundle, RawData.ALARM, AlarmRecord.class)));
                case WaterPlan.COMMAND_AUTHORITY -> {
                    CommandRecord r = RawData.readJson(bundle, RawData.COMMANDS, CommandRecord.class);
                    // a 503 is the server saying it is the standby: its lease lapsed during the check, which on an
                    // overloaded host is the host's doing; every other answer is judged as it is
                    yield r.responses().containsValue(STANDBY_ANSWER) ? onHost(bundle, c, commands(c, r)) : commands(c, r);
                }
                case WaterPlan.COMMAND_REPLAY -> {
                    RawData.ReplayRecord r = RawData.readJson(bundle, RawData.REPLAY, RawData.ReplayRecord.class);
                    yield r.responses().containsValue(STANDBY_ANSWER) ? onHost(bundle, c, replay(c, r)) : replay(c, r);
                }
                case WaterPlan.LOGIN_RATE_LIMIT -> {
                    Verdict v = logins(c, RawData.logins(bundle, RawData.readJson(bundle, RawData.LOGINS, RawData.LoginRecord.class)));
                    // only the time to be served again is a timing the host can spoil; a refusal missing is judged as it is
                    String timed = c.limit("served-after").name();
                    yield v.checks().stream().filter(k -> k.outcome() == Outcome.FAIL).allMatch(k -> k.limitName().equals(timed))
                            ? onHost(bundle, c, v) : v;
                }
                case WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN -> {
                    RawData.PlcSafetyRecord r = RawData.readJson(bundle, RawData.PLC_SAFETY, RawData.PlcSafetyRecord.class);
                    List<RawData.PlantSample> t = RawData.plantTrace(bundle, r);
                    Verdict v = plcSafety(c, r, t);
                    yield plcSafetyTimingsOnly(c, r, t, v) ? onHost(bundle, c, v) : v;
                }
                case WaterPlan.FAILOVER_TIME -> onHost(bundle, c, failover(c, RawData.readJson(bundle, RawData.FAILOVER, FailoverRecord.class)));
                case WaterPlan.HISTORIAN_COMPLETENESS -> historian(c, RawData.readJson(bundle, RawData.HISTORIAN, HistorianRecord.class),
                        samples(bundle));
                case WaterPlan.PLC_AUTONOMY -> autonomy(c, RawData.readJson(bundle, RawData.AUTONOMY, AutonomyRecord.class));
                case WaterPlan.TURBIDITY_STEP -> turbidity(c, RawData.readCsv(bundle, RawData.TURBIDITY, RawData.TURBIDITY_HEADER));
                default -> inconclusive(c, "", "this build has no judge for check " + c.id());
            };
        } catch (IOException | ConfigException | RuntimeException e) {
            return inconclusive(c, file, "raw data missing or unreadable: " + e.getMessage());
        }
    }

    /** The raw files a check is judged from, relative to the bundle. */
    public static List<String> files(String checkId) {
        return switch (checkId) {
            case WaterPlan.IDENTITY -> List.of(RawData.IDENTITY, RawData.HARDWARE, RawData.PACKAGES);
            case WaterPlan.SCAN_PERIOD_UNDER_LOAD -> List.of(RawData.SCAN, RawData.SCAN_STARTS, RawData.hostFile(checkId));
            case WaterPlan.ALARM_LATENCY -> List.of(RawData.ALARM, RawData.hostFile(checkId));
            case WaterPlan.COMMAND_AUTHORITY -> List.of(RawData.COMMANDS, RawData.hostFile(checkId));
            case WaterPlan.COMMAND_REPLAY -> List.of(RawData.REPLAY, RawData.hostFile(checkId));
            case WaterPlan.LOGIN_RATE_LIMIT -> List.of(RawData.LOGINS, RawData.LOGIN_ATTEMPTS, RawData.hostFile(checkId));
            case WaterPlan.PLC_SAFE_SERVER_FLOODED_OR_DOWN -> List.of(RawData.PLC_SAFETY, RawData.PLC_SAFETY_SAMPLES, RawData.hostFile(checkId));
            case WaterPlan.FAILOVER_TIME -> List.of(RawData.FAILOVER, RawData.hostFile(checkId));
            case WaterPlan.HISTORIAN_COMPLETENESS -> List.of(RawData.HISTORIAN, RawData.HISTORIAN_SAMPLES);
            case WaterPlan.PLC_AUTONOMY -> List.of(RawData.AUTONOMY);
            case WaterPlan.TURBIDITY_STEP -> List.of(RawData.TURBIDITY);
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------ the host

    /**
     * A timed check judged with the host's load beside it ({@link HostJudgement}, the rule every
     * verifier of this project shares): a timing that missed its limit while the host was past one
     * of the plan's host limits is INCONCLUSIVE, naming what the host was doing. A timing met is
     * met, whatever the host did. A plan without host limits (written before they existed) is judged
     * on the timing alone.
     */
    static Verdict onHost(Path bundle, CheckSpec c, Verdict v) {
        if (!c.limits().containsKey(WaterPlan.HOST_OTHER_CPU)) {
            return v;
        }
        String file = RawData.hostFile(c.id());
        HostLoad h;
        try {
            h = HostLoad.of(file, RawData.HOST_HEADER, RawData.readCsv(bundle, file, RawData.HOST_HEADER));
        } catch (IOException e) {
            return inconclusive(c, file, "raw data missing or unreadable: " + e.getMessage());
        }
        if (h.samples() < 2) {
            return inconclusive(c, file, file + " holds " + h.samples() + " sample(s) of the host: its load is not known");
        }
        List<Check> host = HostJudgement.checks(file, h, new HostJudgement.Limits(c.limit(WaterPlan.HOST_OTHER_CPU),
                c.limit(WaterPlan.HOST_STALL), c.limit(WaterPlan.HOST_GC), c.limit(WaterPlan.HOST_LOAD)));
        return HostJudgement.judge(v, host, HostJudgement.text("check", file, h));
    }

    // ------------------------------------------------------------------ the checks

    /**
     * Each declared component against the reported one (a field declared "as-found" is recorded,
     * not judged), and each reported hash that was made from a list in the bundle re-derived from
     * that list: the hardware and package lists by their SHA-256, the libraries by the SBOM's.
     */
    static Verdict identity(CheckSpec c, List<WaterPlan.DeclaredComponent> declared, IdentityRecord r, Path bundle) throws IOException {
        String run = RawData.IDENTITY;
        Limit l = c.limit("mismatches");
        List<Check> items = new ArrayList<>();
        for (WaterPlan.DeclaredComponent d : declared) {
            RawData.ReportedComponent got = r.components().stream().filter(x -> x.component().equals(d.component())).findFirst()
                    .orElse(null);
            String expected = d.model() + " / " + d.revision() + " / " + d.sha256();
            if (got == null) {
                items.add(check(run, d.component() + " is the declared one", l, "= " + expected, "not reported", Outcome.FAIL));
                continue;
            }
            String seen = got.model() + " / " + got.revision() + " / " + got.sha256();
            boolean judged = !d.model().equals(WaterPlan.DeclaredComponent.AS_FOUND) || !d.revision().equals(WaterPlan.DeclaredComponent.AS_FOUND)
                    || !d.sha256().equals(WaterPlan.DeclaredComponent.AS_FOUND);
            boolean ok = matches(d.model(), got.model()) && matches(d.revision(), got.revision()) && matches(d.sha256(), got.sha256());
            items.add(check(run, d.component() + (judged ? " is the declared one" : " recorded as found (the plan declares nothing)"),
                    l, "= " + expected, seen, !judged ? Outcome.NOT_APPLICABLE : ok ? Outcome.PASS : Outcome.FAIL));
        }
        byte[] sbom = java.nio.file.Files.isRegularFile(bundle.resolve(RawData.SBOM)) ? java.nio.file.Files.readAllBytes(bundle.resolve(RawData.SBOM))
                : null;
        int rederived = 0;
        for (RawData.ReportedComponent x : r.components()) {
            if (x.hashOf().startsWith("file ")) {
                String rel = RawData.DIR + "/identity/" + x.hashOf().substring("file ".length());
                java.nio.file.Path f = bundle.resolve(rel);
                String hash = java.nio.file.Files.isRegularFile(f) && !rel.contains("..") ? io.github.ccrhil.evidence.bundle.Manifest.sha256(f)
                        : "missing";
                items.add(check(rel, x.component() + "'s sha256 is that of " + rel, l, "= " + x.sha256(), hash,
                        hash.equals(x.sha256()) ? Outcome.PASS : Outcome.FAIL));
                rederived++;
            } else if (x.hashOf().startsWith("sbom ")) {
                String[] ga = x.hashOf().substring("sbom ".length()).split(":", 2);
                String hash = "no SBOM in the bundle";
                if (sbom != null) {
                    hash = io.github.ccrhil.evidence.Sbom.component(sbom, ga[0], ga.length > 1 ? ga[1] : "")
                            .map(io.github.ccrhil.evidence.Sbom.Component::sha256).map(h -> h.isEmpty() ? "no SHA-256 listed" : h)
                            .orElse("not listed in the SBOM");
                }
                items.add(check(RawData.SBOM, x.component() + "'s sha256 is the one the application's SBOM gives " + x.hashOf().substring(5),
                        l, "= " + x.sha256(), hash, hash.equals(x.sha256()) ? Outcome.PASS : Outcome.FAIL));
                rederived++;
            }
        }
        List<String> problems = items.stream().filter(x -> x.outcome() == Outcome.FAIL).map(x -> x.what() + ": " + x.measured()).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(atMost(run, "components not as declared, or hashes that do not follow from the bundle's lists", l, problems.size(), 0));
        checks.addAll(items);
        long judged = items.stream().filter(x -> x.run().equals(run) && x.outcome() != Outcome.NOT_APPLICABLE).count();
        String detail = problems.isEmpty()
                ? judged + " of " + declared.size() + " declared components as declared (the rest recorded as found); " + rederived
                        + " hashes re-derived from the lists in the bundle; SBOM: " + r.sbom()
                : "problems: " + problems;
        return verdict(c, checks, detail, "the server's own report of its components; hashes re-derived from its lists", true);
    }

    private static boolean matches(String declared, String reported) {
        return declared.equals(WaterPlan.DeclaredComponent.AS_FOUND) || declared.equals(reported);
    }

    static Verdict scan(CheckSpec c, ScanRecord r) {
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < r.cycleStarts().size(); i++) {
            intervals.add(Duration.between(Instant.parse(r.cycleStarts().get(i - 1)), Instant.parse(r.cycleStarts().get(i))).toMillis());
        }
        long maxInterval = intervals.stream().mapToLong(Long::longValue).max().orElse(-1);
        String run = RawData.SCAN;
        List<Check> checks = new ArrayList<>();
        checks.add(atMost(run, "slowest scan cycle", c.limit("cycle-duration"), r.maxCycleMs(), 0));
        checks.add(atMost(run, "scan cycles that overran their period", c.limit("overruns"), r.overruns(), 0));
        Limit interval = c.limit("cycle-interval");
        checks.add(maxInterval < 0
                ? check(run, "longest interval between scan cycles", interval, "≤ " + value(interval, 0), "no interval observed", Outcome.FAIL)
                : atMost(run, "longest interval between scan cycles", interval, maxInterval, 0));
        checks.add(atLeast(run, "scan cycle intervals observed under load", c.limit("cycles-observed"), intervals.size(), 0));
        String detail = String.format(java.util.Locale.ROOT, "%d PLCs, %d points scanned every %d ms; slowest cycle %d ms, %d overruns, "
                        + "cycle intervals %s ms", r.plcs(), r.points(), r.scanPeriodMs(), r.maxCycleMs(), r.overruns(), intervals);
        return verdict(c, checks, detail, "server-scanner-report", true);
    }

    static Verdict alarm(CheckSpec c, AlarmRecord r) {
        Limit l = c.limit("latency");
        String run = RawData.ALARM;
        Check check;
        String detail;
        if (r.raisedAt() == null) {
            check = check(run, r.alarm() + " annunciated after the condition was forced", l, "≤ " + value(l, 0),
                    "never annunciated", Outcome.FAIL);
            detail = r.forced() + " at " + r.injectedAt() + "; " + r.alarm() + " was never annunciated";
        } else {
            double ms = Duration.between(Instant.parse(r.injectedAt()), Instant.parse(r.raisedAt())).toNanos() / 1e6;
            check = atMost(run, r.alarm() + " annunciated after the condition was forced", l, ms, 1);
            detail = r.forced() + " at " + r.injectedAt() + "; the PLC tripped dosing and " + r.alarm() + " was annunciated after "
                    + FixedPoint.format(ms, 1) + " ms (" + FixedPoint.format(r.sampleToRaiseMs(), 1)
                    + " ms from the scan that saw it)";
        }
        return verdict(c, List.of(check), detail, "server alarm time against the verifier's injection time", true);
    }

    static Verdict commands(CheckSpec c, CommandRecord r) {
        Limit unauthorised = c.limit("unauthorised");
        String run = RawData.COMMANDS;
        List<Check> items = new ArrayList<>();
        for (CommandStep s : CommandStep.values()) {
            Integer got = r.responses().get(s.name());
            items.add(check(run, s.what, unauthorised, "= " + s.expected, got == null ? "not sent" : Integer.toString(got),
                    got != null && got == s.expected ? Outcome.PASS : Outcome.FAIL));
        }
        items.add(equal(run, "the PLC set-point a scan period after an unconfirmed command (not executed)", unauthorised,
                r.setPointBefore(), r.setPointAfterUnconfirmed()));
        items.add(equal(run, "the PLC set-point after a refused raw write", unauthorised, r.setPointBefore(), r.setPointAfterRawWrite()));
        items.add(equal(run, "the coagulant gain after a refused tuning command", unauthorised, r.gainBefore(), r.gainAfter()));
        long refused = r.audit().stream().filter(e -> e.type().equals("COMMAND_REFUSED")).count();
        long executed = r.audit().stream().filter(e -> e.type().equals("COMMAND_EXECUTED") && e.user().equals(r.operator())).count();
        items.add(atLeast(run, "refused commands in the audit trail", c.limit("refusals-audited"), refused, 0));
        Limit exec = c.limit("executions-audited");
        items.add(check(run, "commands executed for " + r.operator() + " in the audit trail", exec, "= " + value(exec, 0),
                executed + " " + exec.unit(), executed == exec.value() ? Outcome.PASS : Outcome.FAIL));
        if (r.plcWrites() != null) {
            long writes = r.plcWrites().values().stream().mapToLong(Long::longValue).sum();
            items.add(check(run, "writes the PLCs accepted during the run, counted at the PLCs " + r.plcWrites()
                    + " (one per confirmed command, a retry included)", exec, "= " + value(exec, 0), writes + " writes",
                    writes == exec.value() ? Outcome.PASS : Outcome.FAIL));
        }
        List<String> problems = items.stream().filter(x -> x.outcome() != Outcome.PASS).map(x -> x.what() + ": " + x.measured()).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(atMost(run, "unauthorised, unconfirmed or unsafe commands reaching a PLC, or missing from the audit trail",
                unauthorised, problems.size(), 0));
        checks.addAll(items);
        List<String> audit = r.audit().stream().map(e -> e.type() + " " + e.user() + " " + e.source() + ": " + e.detail()).toList();
        String detail = problems.isEmpty() ? "every refusal and the one confirmed command behaved and were audited: " + audit
                : "problems: " + problems;
        return verdict(c, checks, detail, "api-responses, plc-memory and server-journal", false);
    }

    /**
     * Commands without a token, with a wrong role or replayed: each answered as refused, none reaching
     * a PLC (the one confirmed command is the only write the PLCs accept), and each refusal in the
     * stored audit trail, the one execution too.
     */
    static Verdict replay(CheckSpec c, RawData.ReplayRecord r) {
        Limit unauthorised = c.limit("unauthorised");
        Limit exec = c.limit("executions");
        String run = RawData.REPLAY;
        List<Check> items = new ArrayList<>();
        for (RawData.ReplayStep s : RawData.ReplayStep.values()) {
            Integer got = r.responses().get(s.name());
            items.add(check(run, s.what, unauthorised, "= " + s.expected, got == null ? "not sent" : Integer.toString(got),
                    got != null && got == s.expected ? Outcome.PASS : Outcome.FAIL));
        }
        long writes = r.plcWrites().values().stream().mapToLong(Long::longValue).sum();
        items.add(check(run, "writes the PLCs accepted during the run, counted at the PLCs " + r.plcWrites(), exec,
                "= " + value(exec, 0), writes + " writes", writes == exec.value() ? Outcome.PASS : Outcome.FAIL));
        items.add(check(run, "the chlorine set-point in the PLC at the end is the confirmed command's", exec,
                "= " + FixedPoint.format(r.commanded(), 3), FixedPoint.format(r.setPointAfter(), 3),
                Math.abs(r.setPointAfter() - r.commanded()) < 1e-6 ? Outcome.PASS : Outcome.FAIL));
        long refused = r.storedTrail().stream().filter(e -> e.type().equals("COMMAND_REFUSED")).count();
        long unauthenticated = r.storedTrail().stream()
                .filter(e -> e.type().equals("COMMAND_REFUSED") && e.user().equals(SupervisoryServer.UNAUTHENTICATED)).count();
        long executed = r.storedTrail().stream().filter(e -> e.type().equals("COMMAND_EXECUTED") && e.user().equals(r.operator())).count();
        items.add(atLeast(run, "refused attempts in the stored audit trail (" + unauthenticated + " of them without a valid token)",
                c.limit("refusals-stored"), refused, 0));
        items.add(check(run, "commands executed for " + r.operator() + " in the stored audit trail", exec, "= " + value(exec, 0),
                executed + " " + exec.unit(), executed == exec.value() ? Outcome.PASS : Outcome.FAIL));
        List<String> problems = items.stream().filter(x -> x.outcome() != Outcome.PASS).map(x -> x.what() + ": " + x.measured()).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(atMost(run, "attempts answered other than a correct system answers, writes not accounted for, or refusals "
                + "missing from the stored audit trail", unauthorised, problems.size(), 0));
        checks.addAll(items);
        String detail = problems.isEmpty() ? "every attempt without a token, with a wrong role or replayed was refused and is in the "
                + "stored audit trail (" + refused + " refusals); the one confirmed command was executed once"
                : "problems: " + problems;
        return verdict(c, checks, detail, "api-responses, plc-write-counters and the stored audit trail", false);
    }

    /**
     * Failed logins limited per address: the guesser's address refused (429 with Retry-After) after
     * at most the plan's failures, a right token from it refused too while it is, the operator
     * served from another address, and served at the guesser's address once the window has passed.
     */
    static Verdict logins(CheckSpec c, RawData.LoginRecord r) {
        Limit failures = c.limit("failures");
        Limit window = c.limit("window");
        Limit servedAfter = c.limit("served-after");
        String run = RawData.LOGINS;
        List<RawData.LoginAttempt> guess = phase(r, RawData.LoginPhase.GUESS);
        int answered = 0;
        RawData.LoginAttempt refusal = null;
        for (RawData.LoginAttempt a : guess) {
            if (a.status() == 429) {
                refusal = a;
                break;
            }
            if (a.status() == 401) {
                answered++;
            }
        }
        // the limit is N failures within the window: on a slow host guesses may come further apart, and older ones leave it
        List<Double> failedAt = new ArrayList<>();
        for (RawData.LoginAttempt a : guess) {
            if (a == refusal) {
                break;
            }
            if (a.status() == 401) {
                failedAt.add(a.atMs());
            }
        }
        int inWindow = 0;
        for (int i = 0; i < failedAt.size(); i++) {
            int n = 0;
            for (int j = i; j < failedAt.size() && failedAt.get(j) - failedAt.get(i) < window.value(); j++) {
                n++;
            }
            inWindow = Math.max(inWindow, n);
        }
        List<Check> checks = new ArrayList<>();
        String from = guess.isEmpty() ? "one address" : guess.get(0).from();
        if (refusal == null && inWindow < failures.value()) {
            checks.add(check(run, "wrong tokens from " + from + " answered 401 within one window (" + guess.size() + " sent)", failures,
                    "≤ " + value(failures, 0), inWindow + " within " + value(window, 0) + ": the guesses came too slowly to reach the limit",
                    Outcome.INCONCLUSIVE));
        } else {
            checks.add(check(run, "wrong tokens from " + from + " answered 401 within one window before it was refused (" + answered
                            + " in all, " + guess.size() + " sent)", failures, "≤ " + value(failures, 0),
                    refusal == null ? inWindow + " logins, never refused" : inWindow + " " + failures.unit(),
                    refusal != null && inWindow <= failures.value() ? Outcome.PASS : Outcome.FAIL));
        }
        long maxRetry = (long) Math.ceil(window.value() / 1000);
        Long retry = refusal == null || refusal.retryAfter() == null ? null : parseLong(refusal.retryAfter());
        checks.add(check(run, "the refusal is 429 with Retry-After (s) within the window", window, "1.." + maxRetry + " s",
                refusal == null ? "no refusal" : refusal.retryAfter() == null ? "no Retry-After" : refusal.retryAfter() + " s",
                retry != null && retry >= 1 && retry <= maxRetry ? Outcome.PASS : Outcome.FAIL));
        List<RawData.LoginAttempt> right = phase(r, RawData.LoginPhase.RIGHT_TOKEN_WHILE_REFUSED);
        checks.add(check(run, "the operator's right token from the refused address is refused too (429)", failures, "= 429",
                right.isEmpty() ? "not sent" : Integer.toString(right.get(0).status()),
                !right.isEmpty() && right.get(0).status() == 429 ? Outcome.PASS : Outcome.FAIL));
        List<RawData.LoginAttempt> other = phase(r, RawData.LoginPhase.OTHER_ADDRESS);
        checks.add(check(run, "the operator from another address" + (other.isEmpty() ? "" : " (" + other.get(0).from() + ")")
                        + " is served (200) meanwhile", failures, "= 200", other.isEmpty() ? "not sent" : Integer.toString(other.get(0).status()),
                !other.isEmpty() && other.get(0).status() == 200 ? Outcome.PASS : Outcome.FAIL));
        List<RawData.LoginAttempt> after = phase(r, RawData.LoginPhase.AFTER_WINDOW);
        RawData.LoginAttempt served = after.stream().filter(a -> a.status() == 200).findFirst().orElse(null);
        if (served == null || refusal == null) {
            checks.add(check(run, servedAfter.name(), servedAfter, "≤ " + value(servedAfter, 0),
                    served == null ? "never served (" + after.size() + " tries)" : "no refusal to measure from",
                    served == null ? Outcome.FAIL : Outcome.PASS));
        } else {
            checks.add(atMost(run, servedAfter.name() + " (" + after.size() + " tries)", servedAfter, served.atMs() - refusal.atMs(), 0));
        }
        String detail = String.format(java.util.Locale.ROOT, "%d wrong tokens answered 401, then %s; the guesser's address served "
                        + "again %s after its first refusal; configured %d failed logins per %d ms", answered,
                refusal == null ? "never refused" : "429 Retry-After " + refusal.retryAfter() + " s",
                served == null || refusal == null ? "(not measured)" : FixedPoint.format(served.atMs() - refusal.atMs(), 0) + " ms",
                r.maxFailures(), r.windowMs());
        return verdict(c, checks, detail, "api-responses at the verifier, its clock", false);
    }

    private static List<RawData.LoginAttempt> phase(RawData.LoginRecord r, RawData.LoginPhase p) {
        return r.attempts().stream().filter(a -> a.phase().equals(p.name())).toList();
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Whether every check of a PLC-safety verdict that failed is one the host can spoil, so that the
     * verdict is judged with the host beside it ({@link #onHost}). The PLCs scan in the verifier's
     * own process: a scan counter standing still is such a timing. With a plan that bounds the
     * verifier's own timeline ({@code schedule}, round 6 on) so are: that timeline, the flood's count
     * by its deadline, a manual dose that ended, but later than the limit, and the clear-well chlorine
     * over its limit when one of those timings of the dose failed too (a dose that ran longer than the
     * plan gives it). A level, the tap chlorine, a manual dose never applied or never ended, and the
     * chlorine after a dose that ran to plan are judged as they are, however busy the host.
     */
    static boolean plcSafetyTimingsOnly(CheckSpec c, RawData.PlcSafetyRecord r, List<RawData.PlantSample> t, Verdict v) {
        List<Check> failed = v.checks().stream().filter(k -> k.outcome() == Outcome.FAIL).toList();
        if (failed.isEmpty()) {
            return false;
        }
        Set<String> timed = new HashSet<>();
        timed.add(c.limit("scan-gap").name());
        if (c.limits().containsKey("schedule")) {
            String schedule = c.limit("schedule").name();
            String manual = c.limit("manual-ends").name();
            timed.add(schedule);
            timed.add(c.limit("flood").name());
            boolean setManual = t.stream().anyMatch(x -> x.atMs() < r.downAtMs() && !x.chlorAuto());
            boolean back = setManual && t.stream().anyMatch(x -> x.atMs() >= r.downAtMs() && x.chlorAuto());
            if (back) {
                timed.add(manual);
            }
            if (failed.stream().anyMatch(k -> k.limitName().equals(schedule) || back && k.limitName().equals(manual))) {
                timed.add(c.limit("cw-chlorine").name());
            }
        }
        return failed.stream().allMatch(k -> timed.contains(k.limitName()));
    }

    /**
     * The plant's own trace with the server flooded, then down: levels inside the tanks, clear-well
     * chlorine at most the plan's figure and tap chlorine at least its minimum, every PLC scanning,
     * the flood answered, and the operator's manual dose no longer applied once the server has been
     * silent for the plan's time.
     */
    static Verdict plcSafety(CheckSpec c, RawData.PlcSafetyRecord r) {
        return plcSafety(c, r, r.trace());
    }

    /** As {@link #plcSafety(CheckSpec, RawData.PlcSafetyRecord)}, the plant's trace {@code t} read from wherever it was recorded. */
    static Verdict plcSafety(CheckSpec c, RawData.PlcSafetyRecord r, List<RawData.PlantSample> t) {
        String run = RawData.PLC_SAFETY;
        List<Check> checks = new ArrayList<>();
        if (t.size() < 2) {
            return inconclusive(c, run, "the plant's trace holds " + t.size() + " sample(s)");
        }
        long outside = 0;
        String firstOutside = null;
        for (RawData.PlantSample x : t) {
            for (Map.Entry<String, Double> l : x.levels().entrySet()) {
                Double h = r.tankHeights().get(l.getKey());
                if (h == null || !(l.getValue() > 0 && l.getValue() < h)) {
                    outside++;
                    if (firstOutside == null) {
                        firstOutside = l.getKey() + " " + FixedPoint.format(l.getValue(), 3) + " m at " + FixedPoint.format(x.atMs(), 0) + " ms";
                    }
                }
            }
        }
        Limit levels = c.limit("levels");
        checks.add(check(run, "tank levels inside their tanks over " + t.size() + " samples", levels, "≤ " + value(levels, 0),
                outside + " samples" + (firstOutside == null ? "" : ", first " + firstOutside), outside <= levels.value() ? Outcome.PASS
                        : Outcome.FAIL));
        double maxCw = t.stream().mapToDouble(RawData.PlantSample::cwChlorine).max().orElse(Double.NaN);
        double minTap = t.stream().mapToDouble(RawData.PlantSample::tapChlorine).min().orElse(Double.NaN);
        checks.add(atMost(run, "highest clear-well chlorine", c.limit("cw-chlorine"), maxCw, 3));
        checks.add(atLeast(run, "lowest tap chlorine", c.limit("tap-chlorine"), minTap, 3));
        Limit gap = c.limit("scan-gap");
        Map<String, Double> worst = new java.util.TreeMap<>();
        for (String plc : t.get(0).scans().keySet()) {
            double since = t.get(0).atMs();
            long lastCount = t.get(0).scans().get(plc);
            double w = 0;
            for (RawData.PlantSample x : t) {
                long n = x.scans().getOrDefault(plc, lastCount);
                if (n != lastCount) {
                    lastCount = n;
                    since = x.atMs();
                }
                w = Math.max(w, x.atMs() - since);
            }
            worst.put(plc, w);
        }
        double worstGap = worst.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        checks.add(atMost(run, "longest time a PLC's scan counter stood still " + worst.keySet(), gap, worstGap, 0));
        Limit flood = c.limit("flood");
        checks.add(atLeast(run, r.floodClients() + " API clients for " + FixedPoint.format(r.floodToMs() - r.floodFromMs(), 0)
                + " ms (" + r.floodFailed() + " requests unanswered)", flood, r.floodAnswered(), 0));
        Limit manual = c.limit("manual-ends");
        boolean process = r.server() != null; // the server a process of its own, frozen then killed (round 6 on)
        String silenced = process ? "the server process was frozen" : "every server was killed";
        boolean setManual = t.stream().anyMatch(x -> x.atMs() < r.downAtMs() && !x.chlorAuto());
        RawData.PlantSample back = t.stream().filter(x -> x.atMs() >= r.downAtMs() && x.chlorAuto()).findFirst().orElse(null);
        if (!setManual) {
            checks.add(check(run, "the operator's manual dose applied before " + (process ? "the server was frozen" : "the servers were killed"),
                    manual, "manual before the " + (process ? "freeze" : "kill"), "never manual: commands answered " + r.commands(),
                    Outcome.FAIL));
        } else if (back == null) {
            double lastMs = t.get(t.size() - 1).atMs();
            checks.add(check(run, manual.name(), manual, "≤ " + value(manual, 0), "still manual "
                    + FixedPoint.format(lastMs - r.downAtMs(), 0) + " ms after " + silenced + " (dose "
                    + FixedPoint.format(t.get(t.size() - 1).dose(), 3) + " mg/L)", Outcome.FAIL));
        } else {
            checks.add(atMost(run, manual.name() + " (back in automatic)", manual, back.atMs() - r.downAtMs(), 0));
        }
        RawData.PlantSample firstManual = t.stream().filter(x -> x.atMs() < r.downAtMs() && !x.chlorAuto()).findFirst().orElse(null);
        if (c.limits().containsKey("schedule") && firstManual != null) {
            checks.add(atMost(run, "the manual dose applied before the verifier silenced the server (its own timeline)",
                    c.limit("schedule"), r.downAtMs() - firstManual.atMs(), 0));
        }
        String detail = process
                ? String.format(java.util.Locale.ROOT, "manual dose %s mg/L set through the server process (%s, lease epoch %s; the "
                                + "plant PLCs' fence epochs %s); flood %d requests answered by its deadline; the process frozen "
                                + "(SIGSTOP) at %s ms, killed (SIGKILL) at %s ms; chlorination %s", FixedPoint.format(r.manualDose(), 1),
                        r.server(), r.serverEpoch(), r.plcEpochs(), r.floodAnswered(), FixedPoint.format(r.downAtMs(), 0),
                        r.killedAtMs() == null ? "(never)" : FixedPoint.format(r.killedAtMs(), 0), back == null
                                ? "never back in automatic" : "back in automatic " + FixedPoint.format(back.atMs() - r.downAtMs(), 0)
                                + " ms after the freeze")
                : String.format(java.util.Locale.ROOT, "manual dose %s mg/L set; flood %d requests answered by the server; "
                        + "every server killed at %s ms; chlorination %s", FixedPoint.format(r.manualDose(), 1), r.floodAnswered(),
                FixedPoint.format(r.downAtMs(), 0), back == null ? "never back in automatic" : "back in automatic "
                        + FixedPoint.format(back.atMs() - r.downAtMs(), 0) + " ms later");
        return verdict(c, checks, detail, "the plant model and the PLCs' data tables, read by the verifier", false);
    }

    static Verdict failover(CheckSpec c, FailoverRecord r) {
        Limit l = c.limit("failover");
        String run = RawData.FAILOVER;
        if (r.standbyActiveAt() == null) {
            return verdict(c, List.of(check(run, "the standby holds the lease after the active server was killed", l,
                    "≤ " + value(l, 0), "never", Outcome.FAIL)),
                    "active server killed at " + r.killedAt() + "; the standby never took the lease" + history(r), "standby's own lease time",
                    true);
        }
        double ms = Duration.between(Instant.parse(r.killedAt()), Instant.parse(r.standbyActiveAt())).toNanos() / 1e6;
        return verdict(c, List.of(atMost(run, "the standby holds the lease after the active server was killed", l, ms, 0)),
                "active server killed at " + r.killedAt() + "; standby took the lease " + FixedPoint.format(ms, 0)
                        + " ms later (lease time " + r.leaseTtlMs() + " ms, heartbeat " + r.heartbeatMs() + " ms)" + history(r),
                "standby's own lease time against the verifier's kill time", true);
    }

    /** The lease's takings from the kill on, as recorded (more than one: it changed hands again). */
    private static String history(FailoverRecord r) {
        Instant killed = Instant.parse(r.killedAt());
        List<String> after = r.leaseHistory().stream().filter(h -> !Instant.parse(h.split(" ")[0]).isBefore(killed)).toList();
        return after.isEmpty() ? "" : "; the lease taken from the kill on: " + after;
    }

    static Verdict historian(CheckSpec c, HistorianRecord r, List<StoredSample> samples) {
        Map<String, Set<Instant>> times = new HashMap<>();
        Map<String, List<Instant>> series = new HashMap<>();
        long flagged = 0;
        for (StoredSample s : samples) {
            Instant t = Instant.parse(s.time());
            times.computeIfAbsent(s.tag(), k -> new HashSet<>()).add(t);
            series.computeIfAbsent(s.tag(), k -> new ArrayList<>()).add(t);
            if (s.tag().startsWith(r.cutPlc() + ".") && !s.quality().equals("GOOD")) {
                flagged++;
            }
        }
        List<Instant> expected = r.expectedCycles().stream().map(Instant::parse).sorted().toList();
        long missing = 0;
        List<String> examples = new ArrayList<>();
        long worstGapMs = 0;
        String worstGapAt = "";
        for (String tag : r.tags()) {
            Set<Instant> have = times.getOrDefault(tag, Set.of());
            for (Instant t : expected) {
                if (!have.contains(t)) {
                    missing++;
                    if (examples.size() < 10) {
                        examples.add(tag + "@" + t);
                    }
                }
            }
            List<Instant> s = new ArrayList<>(series.getOrDefault(tag, List.of()));
            s.sort(null);
            for (int i = 1; i < s.size(); i++) {
                long gap = Duration.between(s.get(i - 1), s.get(i)).toMillis();
                if (gap > worstGapMs) {
                    worstGapMs = gap;
                    worstGapAt = tag + " after " + s.get(i - 1);
                }
            }
        }
        String run = RawData.HISTORIAN_SAMPLES;
        Limit lm = c.limit("missing");
        List<Check> checks = new ArrayList<>();
        checks.add(expected.isEmpty()
                ? check(run, "samples scanned while a server was active and not stored", lm, "≤ " + value(lm, 0),
                        "no cycle was scanned while a server was active", Outcome.FAIL)
                : atMost(run, "samples scanned while a server was active and not stored", lm, missing, 0));
        checks.add(atLeast(run, "samples of " + r.cutPlc() + " stored flagged stale or comm-fail across its link loss",
                c.limit("flagged"), flagged, 0));
        String detail = String.format(java.util.Locale.ROOT,
                "%d plant tags x %d cycles scanned while a server was active (%s to %s), across a %s link loss, a database "
                        + "outage, the primary's death and its restart: %d samples missing%s, %d stored (replays and the standby's "
                        + "buffer included; (tag, time) stored once); %d samples of the cut PLC stored flagged stale/comm-fail; "
                        + "largest interval between stored samples %d ms (%s)",
                r.tags().size(), expected.size(), r.from(), r.to(), r.cutPlc(), missing, examples.isEmpty() ? "" : " e.g. " + examples,
                samples.size(), flagged, worstGapMs, worstGapAt);
        return verdict(c, checks, detail, "historian-query against the active servers' scan cycles", false);
    }

    static Verdict autonomy(CheckSpec c, AutonomyRecord r) {
        Limit failures = c.limit("failures");
        Limit minScans = c.limit("scans");
        String run = RawData.AUTONOMY;
        List<Check> items = new ArrayList<>();
        for (Map.Entry<String, Double> p : r.transmissionPumps().entrySet()) {
            boolean stopped = p.getValue() < PUMP_RUNNING;
            items.add(check(run, "transmission pump " + p.getKey() + " stopped by the clear-well low-low interlock", failures,
                    "stopped", stopped ? "stopped" : "running (" + FixedPoint.format(p.getValue(), 2) + ")",
                    stopped ? Outcome.PASS : Outcome.FAIL));
        }
        items.add(check(run, "chlorine dosing stopped by the overdose interlock", failures, "= 0",
                FixedPoint.format(r.chlorineDose(), 3), r.chlorineDose() == 0.0 ? Outcome.PASS : Outcome.FAIL));
        Map<String, Long> scans = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Long> b : r.scansBefore().entrySet()) {
            Long after = r.scansAfter().get(b.getKey());
            long n = after == null ? 0 : after - b.getValue();
            scans.put(b.getKey(), n);
            items.add(atLeast(run, b.getKey() + " kept scanning with every server down", minScans, n, 0));
        }
        List<String> problems = items.stream().filter(x -> x.outcome() != Outcome.PASS).map(x -> x.what() + ": " + x.measured()).toList();
        List<Check> checks = new ArrayList<>();
        checks.add(atMost(run, "interlocks or scans missed while the servers were down", failures, problems.size(), 0));
        checks.addAll(items);
        String detail = problems.isEmpty() ? "with no server running, every PLC kept scanning " + scans
                + "; the clear-well low-low interlock stopped the transmission pumps and the overdose interlock stopped dosing"
                : "problems: " + problems;
        return verdict(c, checks, detail, "plant-model and PLC scan counters", false);
    }

    static Verdict turbidity(CheckSpec c, List<String[]> rows) throws IOException {
        String run = RawData.TURBIDITY;
        if (rows.isEmpty()) {
            return inconclusive(c, run, run + " holds no sample");
        }
        double filtered = Double.NEGATIVE_INFINITY;
        double tapT = Double.NEGATIVE_INFINITY;
        double tapCl = Double.POSITIVE_INFINITY;
        double phMin = Double.POSITIVE_INFINITY;
        double phMax = Double.NEGATIVE_INFINITY;
        double hours = 0;
        for (String[] r : rows) {
            hours = RawData.number(run, r[0]);
            filtered = Math.max(filtered, RawData.number(run, r[2]));
            tapT = Math.max(tapT, RawData.number(run, r[3]));
            tapCl = Math.min(tapCl, RawData.number(run, r[4]));
            double ph = RawData.number(run, r[5]);
            phMin = Math.min(phMin, ph);
            phMax = Math.max(phMax, ph);
        }
        List<Check> checks = List.of(
                atMost(run, "worst filtered turbidity", c.limit("filtered-turbidity"), filtered, 4),
                atMost(run, "worst tap turbidity", c.limit("tap-turbidity"), tapT, 4),
                atLeast(run, "lowest free residual chlorine at the tap", c.limit("tap-chlorine"), tapCl, 3),
                atLeast(run, "lowest tap pH", c.limit("ph-min"), phMin, 2),
                atMost(run, "highest tap pH", c.limit("ph-max"), phMax, 2));
        String detail = "raw turbidity 5 -> 50 degrees at process hour 6, " + FixedPoint.format(hours, 1) + " h simulated ("
                + rows.size() + " samples, deterministic); worst filtered " + FixedPoint.format(filtered, 4) + " deg, tap turbidity "
                + FixedPoint.format(tapT, 4) + " deg, lowest tap chlorine " + FixedPoint.format(tapCl, 3) + " mg/L, pH "
                + FixedPoint.format(phMin, 2) + ".." + FixedPoint.format(phMax, 2);
        return verdict(c, checks, detail, "plant-model (simulated time)", false);
    }

    private static List<StoredSample> samples(Path bundle) throws IOException {
        List<StoredSample> out = new ArrayList<>();
        for (String[] f : RawData.readCsv(bundle, RawData.HISTORIAN_SAMPLES, RawData.SAMPLES_HEADER)) {
            out.add(new StoredSample(f[0], f[1], RawData.number(RawData.HISTORIAN_SAMPLES, f[2]), f[3]));
        }
        return out;
    }

    // ------------------------------------------------------------------ checks and verdicts

    private static Verdict verdict(CheckSpec c, List<Check> checks, String detail, String measurement, boolean selfReported) {
        Outcome o = Outcome.PASS;
        for (Check k : checks) {
            o = o.and(k.outcome());
        }
        List<String> failed = checks.stream().filter(k -> k.outcome() != Outcome.PASS && k.outcome() != Outcome.NOT_APPLICABLE)
                .map(k -> k.what() + " " + k.measured() + " (limit " + k.limit() + ")").toList();
        String reason = failed.isEmpty() ? detail : "failed: " + String.join("; ", failed) + ". " + detail;
        return new Verdict(c.id(), c.planName(), c.requirement(), c.clause(), o, reason, measurement, selfReported, checks,
                files(c.id()));
    }

    private static Verdict inconclusive(CheckSpec c, String run, String why) {
        Limit l = c.limits().values().stream().findFirst().orElse(null);
        Check k = l == null ? new Check(run, c.requirement(), "", "", "", false, why, Outcome.INCONCLUSIVE, Double.NaN)
                : check(run, c.requirement(), l, "see plan", why, Outcome.INCONCLUSIVE);
        return new Verdict(c.id(), c.planName(), c.requirement(), c.clause(), Outcome.INCONCLUSIVE, why, "none", false, List.of(k),
                files(c.id()));
    }

    static Check check(String run, String what, Limit l, String limitText, String measured, Outcome o) {
        return new Check(run, what, l.name(), limitText, l.provenance().source(), l.provenance().isDefault(), measured, o, Double.NaN);
    }

    private static Check atMost(String run, String what, Limit l, double measured, int decimals) {
        return check(run, what, l, "≤ " + value(l, decimals), FixedPoint.format(measured, decimals) + " " + l.unit(),
                measured <= l.value() ? Outcome.PASS : Outcome.FAIL);
    }

    private static Check atLeast(String run, String what, Limit l, double measured, int decimals) {
        return check(run, what, l, "≥ " + value(l, decimals), FixedPoint.format(measured, decimals) + " " + l.unit(),
                measured >= l.value() ? Outcome.PASS : Outcome.FAIL);
    }

    private static Check equal(String run, String what, Limit l, double before, double after) {
        return check(run, what, l, "unchanged (" + FixedPoint.format(before, 3) + ")", FixedPoint.format(after, 3),
                after == before ? Outcome.PASS : Outcome.FAIL);
    }

    /** The limit's value and unit, with at least the decimals of the measurement and as many as the limit needs. */
    private static String value(Limit l, int decimals) {
        int d = decimals;
        while (d < 6 && StrictMath.abs(l.value() * StrictMath.pow(10, d) - StrictMath.rint(l.value() * StrictMath.pow(10, d))) > 1e-9) {
            d++;
        }
        return FixedPoint.format(l.value(), d) + " " + l.unit();
    }
}
