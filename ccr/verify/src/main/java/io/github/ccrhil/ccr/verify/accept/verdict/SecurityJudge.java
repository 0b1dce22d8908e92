package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Fixed;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun.Event;
import io.github.ccrhil.evidence.Check;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The security procedures' verdicts, from the raw files like every other (see {@code
 * procedure.SecurityScripts} for the events): regulation from the independent measurement, the
 * holding registers read back, the master's answers and their times, each write's answer.
 */
final class SecurityJudge {

    private static final String IEC_62443 = "IEC 62443-4-2";
    private static final String MB_TCP_SECURITY = "Modbus.org MB-TCP-Security";
    private final Judge judge;

    SecurityJudge(Judge judge) {
        this.judge = judge;
    }

    private static Event first(RawRun run, String source, String kind) {
        List<Event> e = run.events(source, kind);
        return e.isEmpty() ? null : e.get(0);
    }

    private static double lastRow(RawRun run) {
        return run.rows().isEmpty() ? 0 : run.rows().get(run.rows().size() - 1).timeSeconds();
    }

    // ------------------------------------------------------------------ protocol robustness

    void robustness(TestSpec test, RawRun run, List<Check> checks) {
        Event start = first(run, "verifier", "hostile-start");
        Event end = first(run, "verifier", "hostile-end");
        if (start == null || end == null) {
            checks.add(new Check(run.name(), "hostile frames were sent", "hostile frames", "sent", "harness", false,
                    "not recorded", Outcome.INCONCLUSIVE, Double.NaN));
            return;
        }
        int st = selectedStep(run);
        String what = "hostile frames (" + start.value() + ")";
        underAttack(test, run, checks, st, start, end, what);
        Map<String, Long> counts = words(end.value());
        long frames = counts.getOrDefault("frames", 0L);
        long delivered = counts.getOrDefault("delivered", 0L);
        long planned = words(start.value()).getOrDefault("frames", 0L);
        boolean silent = !run.events("dut", "no-answer").isEmpty();
        if (counts.containsKey("must-drop")) {
            serialLine(test, run, checks, start, end, counts, planned, delivered, silent);
        } else {
            checks.add(new Check(run.name(), "every hostile frame reached the DUT", "frames planned", "= " + planned + " delivered",
                    "plan (" + IEC_62443 + " CR 3.5)", false, delivered + " of " + frames + " delivered ("
                    + counts.getOrDefault("connections", 0L) + " connections, " + counts.getOrDefault("refused", 0L) + " refused)",
                    delivered >= planned ? Outcome.PASS : silent ? Outcome.FAIL : Outcome.INCONCLUSIVE, end.t()));
        }
        registersUnchanged(run, checks, "holding-before", "holding-after", "under hostile frames", end.t());
    }

    /**
     * Over a serial line: every frame the plan's line time carries was put on the line, and no
     * frame a correct DUT must drop (a bad CRC, cut short, overlong, for another unit, a broadcast)
     * got an answer.
     */
    private static void serialLine(TestSpec test, RawRun run, List<Check> checks, Event start, Event end, Map<String, Long> counts,
                                   long planned, long delivered, boolean silent) {
        Limit lineTime = test.limits().get("serial-line-time");
        Map<String, Long> at = words(start.value());
        String derived = "the frames " + (lineTime == null ? "?" : Judge.num(lineTime.value())) + " s of a "
                + at.getOrDefault("baud", 0L) + "-baud line carries, " + at.getOrDefault("bits", 0L) + " bits a character";
        checks.add(new Check(run.name(), "every hostile frame went on the serial line (" + derived + ")", "frames planned",
                "= " + planned + " delivered", lineTime == null ? "plan (" + IEC_62443 + " CR 3.5)" : lineTime.provenance().toString(),
                lineTime != null && lineTime.provenance().isDefault(), delivered + " of " + planned + " delivered in "
                + counts.getOrDefault("bursts", 0L) + " bursts between the master's requests",
                delivered >= planned ? Outcome.PASS : silent ? Outcome.FAIL : Outcome.INCONCLUSIVE, end.t()));
        long mustDrop = counts.getOrDefault("must-drop", 0L);
        long wrong = counts.getOrDefault("must-drop-answered", 0L);
        Event first = first(run, "dut", "answered-a-frame-to-drop");
        checks.add(new Check(run.name(), "no answer to a frame the DUT must drop (bad CRC, cut short, overlong, another unit,"
                + " broadcast)", "frames to drop answered", "0", IEC_62443 + " CR 3.5; Modbus over serial line V1.02 §2.5.1 (CRC,"
                + " frame, address)", false, wrong + " of " + mustDrop + " answered" + (first == null ? "" : "; first: " + first.value()),
                wrong == 0 ? Outcome.PASS : Outcome.FAIL, end.t()));
    }

    /**
     * The checks of a DUT under attack: current in band (independent measurement), the step held
     * without a trip, no alarm, the master answered within the limit.
     */
    private void underAttack(TestSpec test, RawRun run, List<Check> checks, int st, Event start, Event end, String what) {
        List<TraceRow> w = run.between(start.t(), end.t());
        if (!w.isEmpty() && st > 0) {
            checks.add(judge.bandCheck(run.name(), "step " + st + " current throughout " + what, st, w, start.t()));
        }
        stepHeld(run, checks, st, w, what, start.t());
        alarms(run, checks, start.t(), end.t(), what);
        answers(test, run, checks, start.t(), end.t(), what);
    }

    private void stepHeld(RawRun run, List<Check> checks, int st, List<TraceRow> w, String what, double at) {
        String seen = null;
        for (TraceRow r : w) {
            String state = r.state().toUpperCase(Locale.ROOT);
            if (r.step() != st || state.contains("TRIP") || state.contains("LOCK") || state.equals("OFF")) {
                seen = r.state() + " step " + r.step() + " at " + Judge.s(r.timeSeconds());
                break;
            }
        }
        checks.add(new Check(run.name(), "no trip, step " + st + " held during " + what, "deterministic output",
                "step " + st + ", no trip", IEC_62443 + " CR 3.6", false, seen == null ? "held (" + w.size() + " rows)" : seen,
                w.isEmpty() ? Outcome.INCONCLUSIVE : seen == null ? Outcome.PASS : Outcome.FAIL, at));
    }

    private void alarms(RawRun run, List<Check> checks, double from, double to, String what) {
        String raised = null;
        int reads = 0;
        for (Event e : run.events("dut", "alarms")) {
            if (e.t() < from - 1e-9 || e.t() > to + 1e-9) {
                continue;
            }
            reads++;
            if (!e.value().isBlank() && raised == null) {
                raised = e.value() + " at " + Judge.s(e.t());
            }
        }
        if (reads == 0) {
            return;
        }
        checks.add(new Check(run.name(), "no spurious alarm during " + what, "alarms", "none", IEC_62443 + " CR 3.6", false,
                raised == null ? "none in " + reads + " reads" : raised, raised == null ? Outcome.PASS : Outcome.FAIL, from));
    }

    private void answers(TestSpec test, RawRun run, List<Check> checks, double from, double to, String what) {
        Limit l = test.limit("response-time");
        double limitMs = l.value() * 1000;
        double worst = Double.NaN;
        int n = 0;
        // each timed request of the master, with the host's stall during it where recorded (older bundles: none)
        List<Event> ev = run.events();
        Event slowUnexplained = null;
        Event slowExplained = null;
        String slowHost = null;
        for (int i = 0; i < ev.size(); i++) {
            Event e = ev.get(i);
            if (!(e.source().equals("dut") && e.kind().equals("answered-ms")) || e.t() < from - 1e-9 || e.t() > to + 1e-9) {
                continue;
            }
            double ms = Double.parseDouble(e.value());
            worst = Double.isNaN(worst) ? ms : StrictMath.max(worst, ms);
            n++;
            if (ms > limitMs) {
                String host = hostAfter(ev, i, "during-request");
                if (hostExplains(host, ms, limitMs)) {
                    if (slowExplained == null || ms > Double.parseDouble(slowExplained.value())) {
                        slowExplained = e;
                        slowHost = host;
                    }
                } else if (slowUnexplained == null) {
                    slowUnexplained = e;
                }
            }
        }
        for (int i = 0; i < ev.size(); i++) {
            Event e = ev.get(i);
            if (!(e.source().equals("dut") && e.kind().equals("no-answer"))) {
                continue;
            }
            String host = hostAfter(ev, i, "during-request");
            double waited = hostNumber(host, "wait_ms");
            boolean hostsDoing = !Double.isNaN(waited) && hostExplains(host, waited, limitMs);
            checks.add(new Check(run.name(), "the master's valid requests answered during " + what, l.name(),
                    "≤ " + Judge.num(l.value()) + " s", l.provenance().toString(), l.provenance().isDefault(),
                    "not answered at " + Judge.s(e.t()) + ": " + e.value() + (host == null ? "" : "; host " + host)
                    + (hostsDoing ? ": " + HOST_TOO_LOADED : ""), hostsDoing ? Outcome.INCONCLUSIVE : Outcome.FAIL, e.t()));
            return;
        }
        for (Event e : run.events("dut", "lost-on-line")) {
            if (e.t() < from - 1e-9 || e.t() > to + 1e-9) {
                continue;
            }
            // over a serial line: not answered, but answered when asked again after a silence (frames run together on a pty)
            checks.add(new Check(run.name(), "the master's valid requests answered during " + what, l.name(),
                    "≤ " + Judge.num(l.value()) + " s", l.provenance().toString(), l.provenance().isDefault(),
                    "lost on the line at " + Judge.s(e.t()) + ": " + e.value() + " (on a pty, frames can run together while"
                    + " the host holds socat off; not a verdict on the DUT)", Outcome.INCONCLUSIVE, e.t()));
            return;
        }
        if (slowUnexplained == null && slowExplained != null) {
            // the limit was missed, but by less than the verifier's own thread was held off: the host's doing, not the DUT's
            checks.add(new Check(run.name(), "the master's valid requests answered during " + what + ": slowest of " + n, l.name(),
                    "≤ " + Judge.num(l.value()) + " s", l.provenance().toString(), l.provenance().isDefault(),
                    Fixed.format(Double.parseDouble(slowExplained.value()) / 1000, 3) + " s at " + Judge.s(slowExplained.t())
                    + "; host " + slowHost + ": " + HOST_TOO_LOADED, Outcome.INCONCLUSIVE, slowExplained.t()));
            return;
        }
        checks.add(Judge.atMost(run.name(), "the master's valid requests answered during " + what + ": slowest of " + n,
                l, worst / 1000, Double.isNaN(worst) ? "none" : Fixed.format(worst / 1000, 3) + " s", from));
    }

    /** The reason a missed answer-time limit is INCONCLUSIVE. */
    static final String HOST_TOO_LOADED = "host too loaded (without the time the verifier's own thread was held off, the answer is"
            + " within the limit; the run measured the host, not the DUT)";

    /** The host record that follows event {@code i} ({@code host,<kind>}), or null. */
    private static String hostAfter(List<Event> ev, int i, String kind) {
        return i + 1 < ev.size() && ev.get(i + 1).source().equals("host") && ev.get(i + 1).kind().equals(kind)
                ? ev.get(i + 1).value() : null;
    }

    /**
     * Whether the host's stall during a wait of {@code ms} explains its excess over {@code limitMs}:
     * the wait less the time the verifier's sampler was held off is within the limit. The limit is
     * never moved: a wait within it passes, one the host does not explain fails.
     */
    private static boolean hostExplains(String host, double ms, double limitMs) {
        double stall = hostNumber(host, "stall_ms");
        return !Double.isNaN(stall) && stall > 0 && ms - stall <= limitMs;
    }

    private static double hostNumber(String host, String key) {
        if (host == null) {
            return Double.NaN;
        }
        String[] f = host.trim().split(" ");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals(key)) {
                try {
                    return Double.parseDouble(f[i + 1]);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    private static void registersUnchanged(RawRun run, List<Check> checks, String beforeKind, String afterKind, String when,
                                           double at) {
        Event before = first(run, "verifier", beforeKind);
        Event after = first(run, "verifier", afterKind);
        if (before == null || after == null) {
            checks.add(new Check(run.name(), "no holding register changed " + when, "holding registers read back",
                    "unchanged", IEC_62443 + " CR 3.5", false, "not read back" + (after == null ? " afterwards" : ""),
                    Outcome.INCONCLUSIVE, at));
            return;
        }
        Map<String, String> b = registers(before.value());
        Map<String, String> a = registers(after.value());
        List<String> changed = new ArrayList<>();
        for (var e : b.entrySet()) {
            if (!e.getValue().equals(a.get(e.getKey()))) {
                changed.add(e.getKey() + " " + e.getValue() + "→" + a.get(e.getKey()));
            }
        }
        checks.add(new Check(run.name(), "no holding register changed " + when + " (" + b.size() + " points read back)",
                "holding registers read back", "unchanged", IEC_62443 + " CR 3.5", false,
                changed.isEmpty() ? "unchanged" : String.join(", ", changed), changed.isEmpty() ? Outcome.PASS : Outcome.FAIL,
                after.t()));
    }

    private static Map<String, String> registers(String v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : v.trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    /** {@code word number word number ...} as a map (non-numbers skipped). */
    private static Map<String, Long> words(String v) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] f = v.trim().split(" ");
        for (int i = 0; i + 1 < f.length; i++) {
            try {
                m.putIfAbsent(f[i], Long.parseLong(f[i + 1]));
            } catch (NumberFormatException e) {
                // not a count
            }
        }
        return m;
    }

    private static int selectedStep(RawRun run) {
        List<Event> sel = run.events("verifier", "select-step");
        return sel.isEmpty() ? 0 : Integer.parseInt(sel.get(0).value().trim());
    }

    // ------------------------------------------------------------------ flood

    void flood(TestSpec test, RawRun run, List<Check> checks) {
        Event start = first(run, "verifier", "flood-start");
        Event end = first(run, "verifier", "flood-end");
        if (start == null || end == null) {
            checks.add(new Check(run.name(), "the flood ran", "flood", "ran", "harness", false, "not recorded",
                    Outcome.INCONCLUSIVE, Double.NaN));
            return;
        }
        Map<String, Long> counts = words(end.value());
        long answered = counts.getOrDefault("answered", 0L);
        checks.add(new Check(run.name(), "the flood reached the DUT", "flood", "> 0 requests answered", "harness", false,
                answered + " of " + counts.getOrDefault("requests", 0L) + " flood requests answered",
                answered > 0 ? Outcome.PASS : Outcome.INCONCLUSIVE, end.t()));
        Limit overshoot = test.limit("overshoot");
        Limit settling = test.limit("settling");
        List<Event> sel = run.events("verifier", "select-step");
        String what = "the flood (" + start.value() + ")";
        for (int i = 1; i < sel.size(); i++) {
            Event e = sel.get(i);
            int from = Integer.parseInt(sel.get(i - 1).value().trim());
            int to = Integer.parseInt(e.value().trim());
            double stretchEnd = i + 1 < sel.size() ? sel.get(i + 1).t() : end.t();
            List<TraceRow> w = run.between(e.t(), stretchEnd);
            double m = judge.max(w);
            checks.add(Judge.atMost(run.name(), "step " + from + "→" + to + " during " + what + ": highest half-cycle rms",
                    overshoot, m, Double.isNaN(m) ? "not measured" : Fixed.format(m, 3) + " A", e.t()));
            double t = judge.settling(w, to, e.t());
            checks.add(Judge.atMost(run.name(), "step " + from + "→" + to + " during " + what + ": settling into the band",
                    settling, t, Judge.s(t), e.t()));
        }
        answers(test, run, checks, start.t(), end.t(), what);
    }

    // ------------------------------------------------------------------ connection exhaustion

    void exhaustion(TestSpec test, RawRun run, List<Check> checks) {
        Event start = first(run, "verifier", "exhaustion-start");
        if (start == null) {
            checks.add(new Check(run.name(), "connections were held open", "sockets", "opened", "harness", false,
                    "not recorded", Outcome.INCONCLUSIVE, Double.NaN));
            return;
        }
        String what = "exhaustion (" + start.value() + ")";
        Limit service = test.limit("service-time");
        Event served = first(run, "dut", "master-served-s");
        Event notServed = first(run, "dut", "master-not-served");
        List<Event> serviceHost = run.events("host", "during-service");
        String host = serviceHost.isEmpty() ? null : serviceHost.get(0).value();
        if (served != null) {
            double t = Double.parseDouble(served.value());
            if (t > service.value() && hostExplains(host, t * 1000, service.value() * 1000)) {
                checks.add(new Check(run.name(), "a new connection of the master served during " + what, service.name(),
                        "≤ " + Judge.num(service.value()) + " s", service.provenance().toString(), service.provenance().isDefault(),
                        Judge.s(t) + "; host " + host + ": " + HOST_TOO_LOADED, Outcome.INCONCLUSIVE, served.t()));
            } else {
                checks.add(Judge.atMost(run.name(), "a new connection of the master served during " + what, service, t,
                        Judge.s(t), served.t()));
            }
        } else if (notServed != null && hostExplains(host, hostNumber(host, "wait_ms"), service.value() * 1000)) {
            checks.add(new Check(run.name(), "a new connection of the master served during " + what, service.name(),
                    "≤ " + Judge.num(service.value()) + " s", service.provenance().toString(), service.provenance().isDefault(),
                    notServed.value() + "; host " + host + ": " + HOST_TOO_LOADED, Outcome.INCONCLUSIVE, start.t()));
        } else {
            checks.add(new Check(run.name(), "a new connection of the master served during " + what, service.name(),
                    "≤ " + Judge.num(service.value()) + " s", service.provenance().toString(), service.provenance().isDefault(),
                    notServed == null ? "not recorded" : notServed.value(),
                    notServed == null ? Outcome.INCONCLUSIVE : Outcome.FAIL, start.t()));
        }
        Limit max = test.limit("max-connections");
        Event held = first(run, "dut", "connections-held");
        if (held != null) {
            long open = Long.parseLong(held.value().trim().split(" ")[0]);
            checks.add(Judge.atMost(run.name(), "connections the DUT holds open for idle and half-open peers", max, open,
                    held.value() + " sockets still open", held.t()));
        }
        handshakes(test, run, checks);
        answers(test, run, checks, start.t(), held == null ? lastRow(run) : held.t(), "the " + what);
    }

    /**
     * Over Modbus/TCP Security: how long the DUT held a half-done handshake (a ClientHello cut
     * short and trickled), against the handshake deadline the plan declares for it.
     */
    private static void handshakes(TestSpec test, RawRun run, List<Check> checks) {
        Event held = first(run, "dut", "handshake-held-s");
        Event notClosed = first(run, "dut", "handshake-not-closed");
        if (held == null && notClosed == null) {
            return; // plain Modbus/TCP: no handshake
        }
        String what = "a half-done TLS handshake (a ClientHello cut short, then trickled) closed by the DUT";
        java.util.Optional<Limit> declared = test.optionalLimit("handshake-timeout");
        Event e = held != null ? held : notClosed;
        if (declared.isEmpty()) {
            checks.add(new Check(run.name(), what, "handshake-timeout", "the plan's declared deadline", "plan", false,
                    e.value() + "; the plan declares no handshake-timeout", Outcome.NOT_APPLICABLE, e.t()));
            return;
        }
        Limit l = declared.get();
        if (held == null) {
            checks.add(new Check(run.name(), what, l.name(), "≤ " + Judge.num(l.value()) + " s", l.provenance().toString(),
                    l.provenance().isDefault(), notClosed.value(), Outcome.FAIL, notClosed.t()));
            return;
        }
        double t = Double.parseDouble(held.value().trim().split(" ")[0]);
        List<Event> hostEvents = run.events("host", "during-handshakes");
        String host = hostEvents.isEmpty() ? null : hostEvents.get(0).value();
        if (t > l.value() && hostExplains(host, t * 1000, l.value() * 1000)) {
            checks.add(new Check(run.name(), what, l.name(), "≤ " + Judge.num(l.value()) + " s", l.provenance().toString(),
                    l.provenance().isDefault(), Judge.s(t) + "; host " + host + ": " + HOST_TOO_LOADED, Outcome.INCONCLUSIVE,
                    held.t()));
        } else {
            checks.add(Judge.atMost(run.name(), what, l, t, held.value(), held.t()));
        }
    }

    // ------------------------------------------------------------------ authority

    void authority(TestSpec test, RawRun run, List<Check> checks) {
        List<Event> ev = run.events();
        String key = "REMOTE";
        double localFrom = Double.NaN;
        double localTo = Double.NaN;
        for (int i = 0; i < ev.size(); i++) {
            Event e = ev.get(i);
            if (e.source().equals("bench") && e.kind().equals("key-switch")) {
                key = e.value();
                if (key.equals("LOCAL")) {
                    localFrom = e.t();
                } else {
                    localTo = e.t();
                }
                continue;
            }
            String answer = i + 1 < ev.size() && ev.get(i + 1).kind().equals("outcome") ? ev.get(i + 1).value() : "no answer";
            if (e.source().equals("verifier") && e.kind().equals("tls-client")) {
                String who = e.value().trim().equals("no-certificate") ? "a client without a certificate"
                        : "a client with a certificate from a CA the DUT does not trust";
                checks.add(new Check(run.name(), who + ": refused at the TLS handshake", "Modbus/TCP Security",
                        "refused at the handshake", MB_TCP_SECURITY + " (mutual authentication)", false, answer,
                        answer.startsWith("refused at the handshake") ? Outcome.PASS : Outcome.FAIL, e.t()));
                continue;
            }
            if (e.source().equals("verifier") && e.kind().equals("tls-own")) {
                // the positive control: where the DUT refuses the verifier's own certificate too, its refusals say nothing
                checks.add(new Check(run.name(), e.value().trim() + ": a session, and a read answered", "Modbus/TCP Security",
                        "accepted", MB_TCP_SECURITY + " (mutual authentication)", false, answer,
                        answer.startsWith("accepted") ? Outcome.PASS : Outcome.INCONCLUSIVE, e.t()));
                continue;
            }
            if (e.source().equals("verifier") && e.kind().equals("role-write")) {
                String[] fcRest = e.value().trim().split(" ", 2);
                String who = fcRest[1].endsWith(" as no role") ? fcRest[1].substring(0, fcRest[1].length() - " as no role".length())
                        + " by a certificate without a role" : fcRest[1] + " (a role without the right)";
                checks.add(new Check(run.name(), "FC " + fcRest[0] + " write of " + who + ": refused",
                        "Modbus/TCP Security roles", "refused (Modbus exception)", MB_TCP_SECURITY + " (role-based authorisation)",
                        false, answer, answer.startsWith("refused") ? Outcome.PASS
                        : answer.startsWith("accepted") ? Outcome.FAIL : Outcome.INCONCLUSIVE, e.t()));
                continue;
            }
            if (!(e.source().equals("verifier") && e.kind().equals("write"))) {
                continue;
            }
            boolean refused = answer.startsWith("refused");
            String[] fcPoint = e.value().trim().split(" ", 2);
            String what = key.equals("LOCAL")
                    ? "FC " + fcPoint[0] + " write of " + fcPoint[1] + " with the key switch at LOCAL: refused"
                    : "FC " + fcPoint[0] + " write of configuration " + fcPoint[1] + " without the engineer's right: refused";
            checks.add(new Check(run.name(), what, key.equals("LOCAL") ? "LOCAL authority" : "configuration authority",
                    "refused", key.equals("LOCAL") ? test.clause() : IEC_62443 + " CR 2.1 (authorisation enforcement)", false,
                    answer, refused ? Outcome.PASS : Outcome.FAIL, e.t()));
        }
        registersUnchanged(run, checks, "holding-before", "holding-local", "by the writes at LOCAL", localTo);
        registersUnchanged(run, checks, "holding-before", "holding-after", "by the writes at LOCAL and without the right",
                lastRow(run));
        int st = selectedStep(run);
        if (st > 0 && !Double.isNaN(localFrom) && !Double.isNaN(localTo)) {
            checks.add(judge.bandCheck(run.name(), "the writes at LOCAL change nothing: still step " + st, st,
                    run.between(localFrom, localTo), localFrom));
        }
        for (Event e : run.events("harness", "not-exercised")) {
            String v = e.value();
            String what = v.startsWith("a client with a certificate from an unknown CA")
                    ? "a client with a certificate from an unknown CA is refused at the handshake"
                    : v.startsWith("a client whose role lacks the right") ? "a client whose role lacks the right is refused per function code"
                    : "a client without a certificate, from an unknown CA, or with a role lacking the right is refused";
            checks.add(new Check(run.name(), what, "Modbus/TCP Security", "refused", MB_TCP_SECURITY, false, v,
                    Outcome.NOT_APPLICABLE, e.t()));
        }
    }
}
