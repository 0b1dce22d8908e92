package io.github.ccrhil.water.verify.accept;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Sbom;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.water.scada.server.ServerIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the live run records for each check, under {@value #DIR}/ in the bundle: the observations
 * only (times, counts, responses, samples), never a judgement. {@link WaterJudge} computes every
 * verdict from these files and the plan's limits. Times are ISO-8601 instants as text.
 */
public final class RawData {

    public static final String DIR = "traces";
    /** The equipment's report of its components, each with what its hash was made from. */
    public static final String IDENTITY = DIR + "/identity/components.json";
    /** The list the server's hash is made over. */
    public static final String HARDWARE = DIR + "/identity/" + ServerIdentity.HARDWARE_FILE;
    /** The kernel and installed-package list the OS's hash is made over. */
    public static final String PACKAGES = DIR + "/identity/" + ServerIdentity.PACKAGES_FILE;
    /** The application's CycloneDX SBOM, when it runs from the built jar: the libraries' hashes are its. */
    public static final String SBOM = DIR + "/identity/application-sbom.cdx.json";
    public static final String SCAN = DIR + "/scan_period_under_load.json";
    public static final String ALARM = DIR + "/alarm_latency.json";
    public static final String COMMANDS = DIR + "/command_authority.json";
    public static final String FAILOVER = DIR + "/failover_time.json";
    public static final String HISTORIAN = DIR + "/historian_completeness.json";
    /** Every sample the historian holds for the plant tags in the judged window: tag,time,value,quality. */
    public static final String HISTORIAN_SAMPLES = DIR + "/historian_samples.csv";
    public static final String AUTONOMY = DIR + "/plc_autonomy.json";
    /** The plant's treated water every process minute of the simulated turbidity step. */
    public static final String TURBIDITY = DIR + "/turbidity_step.csv";
    public static final String TURBIDITY_HEADER = "process_h,raw_turbidity,filtered_turbidity,tap_turbidity,tap_chlorine,tap_pH,coagulant_mgL";
    public static final String SAMPLES_HEADER = "tag,time,value,quality";

    /** The servers' scan cycles that overran their period, summed: a counter column of the host files. */
    public static final String HOST_SCAN_OVERRUNS = "scan_overruns";
    /** The servers' lease-loop ticks that came late, summed: a counter column of the host files. */
    public static final String HOST_LATE_RENEWALS = "late_lease_renewals";
    /** The host files' header: the shared host columns, then the scan overruns and late lease renewals. */
    public static final String HOST_HEADER = io.github.ccrhil.evidence.host.HostMonitor.header(List.of(HOST_SCAN_OVERRUNS,
            HOST_LATE_RENEWALS));

    /**
     * What the host was doing around a timed check ({@link #HOST_HEADER}): the load average, the
     * machine's and the suite's CPU use, the sampler's stalls, GC, scan overruns and late lease renewals.
     */
    public static String hostFile(String checkId) {
        return DIR + "/host_" + checkId.toLowerCase(java.util.Locale.ROOT) + ".csv";
    }

    private RawData() {
    }

    /**
     * The scanner under load, as the active server reports it.
     *
     * @param cycleStarts time stamp of each scan cycle delivered while observed; null when they are in
     *     {@link #SCAN_STARTS} (streamed, one JSON string a line, as the cycles came)
     */
    public record ScanRecord(int plcs, int points, long scanPeriodMs, List<String> cycleStarts, long maxCycleMs, long overruns,
                             long goodSamplesLastCycle) {
    }

    /**
     * An alarm condition forced in the plant.
     *
     * @param injectedAt       the verifier's clock when the sensor was forced
     * @param raisedAt         the server's time stamp of the annunciation, null if it never came
     * @param sampleToRaiseMs  the server's own figure from the scan that saw it to the annunciation
     */
    public record AlarmRecord(String alarm, String forced, String injectedAt, String raisedAt, double sampleToRaiseMs) {
    }

    /** The commands the suite sends, each with the answer a correct system gives (the procedure, not the observation). */
    public enum CommandStep {
        VIEWER_COMMAND("a viewer's set-point command is refused (HTTP 403)", 403),
        OPERATOR_TUNING("an operator's tuning command is refused (HTTP 403)", 403),
        UNSAFE_SET_POINT("an unsafe set-point is refused by the server (HTTP 400)", 400),
        UNCONFIRMED_COMMAND("a set-point command is prepared, awaiting confirmation (HTTP 202)", 202),
        TRIP_RESET_PREPARED("an overdose trip reset is prepared (HTTP 202)", 202),
        TRIP_RESET_CONFIRMED("the confirmed trip reset is executed (HTTP 200)", 200),
        TRIP_RESET_RETRIED("the same trip reset request retried is prepared again (HTTP 202)", 202),
        TRIP_RESET_RETRY_CONFIRMED("the retried request confirmed is answered (HTTP 200), not executed again", 200),
        RAW_UNSAFE_WRITE("an unsafe set-point written straight to the PLC is refused (Modbus exception 03)", 3);

        public final String what;
        public final int expected;

        CommandStep(String what, int expected) {
            this.what = what;
            this.expected = expected;
        }
    }

    public static final String REPLAY = DIR + "/command_replay.json";

    /**
     * The attempts the command-replay procedure sends, each with the answer a correct system gives
     * (the procedure, not the observation). Every one but the single confirmation is refused.
     */
    public enum ReplayStep {
        NO_TOKEN_COMMAND("a set-point command without a token is refused (HTTP 401)", 401),
        WRONG_TOKEN_COMMAND("a set-point command with a token the server never issued is refused (HTTP 401)", 401),
        VIEWER_COMMAND("a viewer's set-point command is refused (HTTP 403)", 403),
        OPERATOR_ENGINEERS_POINT("an operator's command to an engineer's point (the chlorine PI gain) is refused (HTTP 403)", 403),
        PREPARED("the operator's set-point command is prepared (HTTP 202)", 202),
        NO_TOKEN_CONFIRM("its confirmation sent without a token is refused (HTTP 401)", 401),
        CAPTURED_ID_OTHER_USER("its confirmation id used by another user (an engineer) is refused (HTTP 403)", 403),
        CONFIRMED("the operator's confirmation is executed (HTTP 200)", 200),
        CONFIRM_REPLAYED("the same confirmation sent again is refused (HTTP 404: no such pending command)", 404),
        CAPTURED_ID_REPLAYED("the used confirmation id sent by the engineer is refused (HTTP 404)", 404);

        public final String what;
        public final int expected;

        ReplayStep(String what, int expected) {
            this.what = what;
            this.expected = expected;
        }

        /** How many of the attempts a correct system refuses. */
        public static int refusals() {
            return (int) java.util.Arrays.stream(values()).filter(s -> s.expected >= 400).count();
        }
    }

    /**
     * The command-replay run.
     *
     * @param responses       HTTP status by {@link ReplayStep} name
     * @param operator        the user whose one confirmed command must be executed
     * @param setPointBefore  the chlorine set-point in the PLC before the run, mg/L
     * @param commanded       the set-point the confirmed command asks for
     * @param setPointAfter   the set-point in the PLC at the end
     * @param storedTrail     the pair's stored audit trail over the run, as the API serves it ({@code GET /api/journal}),
     *                        every entry of type COMMAND_*
     * @param plcWrites       write requests each PLC accepted during the run, counted at the PLC
     */
    public record ReplayRecord(Map<String, Integer> responses, String operator, double setPointBefore, double commanded,
                               double setPointAfter, List<AuditEvent> storedTrail, Map<String, Long> plcWrites) {
    }

    public static final String LOGINS = DIR + "/login_rate_limit.json";
    /** Every request of the login-rate-limit procedure, one {@link LoginAttempt} as JSON a line, streamed as they are answered. */
    public static final String LOGIN_ATTEMPTS = DIR + "/login_rate_limit.attempts.jsonl";

    /** The phases of the login-rate-limit procedure. */
    public enum LoginPhase {
        /** wrong tokens from the guesser's address until it is refused (or four times the limit) */
        GUESS,
        /** the operator's right token from the guesser's address while it is refused */
        RIGHT_TOKEN_WHILE_REFUSED,
        /** the operator's right token from another address */
        OTHER_ADDRESS,
        /** the operator's right token from the guesser's address, every 100 ms, until served */
        AFTER_WINDOW
    }

    /**
     * One request of the login-rate-limit procedure.
     *
     * @param phase      its {@link LoginPhase}
     * @param from       the client address it was sent from
     * @param token      "wrong" or "right"
     * @param status     the HTTP status answered (0: no answer)
     * @param retryAfter the Retry-After header, or null
     * @param atMs       when it was answered, ms after the procedure started (the verifier's clock)
     */
    public record LoginAttempt(String phase, String from, String token, int status, String retryAfter, double atMs) {
    }

    /**
     * The login-rate-limit run.
     *
     * @param maxFailures the failed logins per address the server was configured with (the plan's)
     * @param windowMs    the window they are counted over
     * @param attempts    every request, in order; null when they are in {@link #LOGIN_ATTEMPTS} (streamed)
     */
    public record LoginRecord(int maxFailures, long windowMs, List<LoginAttempt> attempts) {
    }

    public static final String PLC_SAFETY = DIR + "/plc_safe_server_flooded_or_down.json";
    /**
     * The plant's own trace of the PLC-safety check, one {@link PlantSample} as JSON a line, streamed
     * as the samples are taken (flushed at each one), so a run killed inside the check leaves every
     * sample it took but the last on disk.
     */
    /** The scan cycles' starts of SCAN_PERIOD_UNDER_LOAD, streamed as they come (one JSON string a line). */
    public static final String SCAN_STARTS = DIR + "/scan_period_under_load.starts.jsonl";
    public static final String PLC_SAFETY_SAMPLES = DIR + "/plc_safe_server_flooded_or_down.samples.jsonl";

    /**
     * One sample of the plant's own trace (the plant model and the PLCs' data tables, read by the
     * suite directly, not through the supervisory server).
     *
     * @param atMs        ms after the procedure started (the verifier's clock)
     * @param phase       SERVER_START (the suite's own servers killed, the server process starting and taking the lease), MANUAL
     *                    (the operator's manual dose set), FLOOD (the server's API flooded), FROZEN (the server process stopped
     *                    with SIGSTOP) or DOWN (every server killed)
     * @param levels      tank levels, m, by tank name
     * @param cwChlorine  free chlorine at the clear-well outlet, mg/L
     * @param tapChlorine free chlorine in the distribution reservoir, mg/L
     * @param dose        the chlorine dose applied to the water, mg/L
     * @param chlorAuto   the chlorination PLC's automatic-dosing bit
     * @param overdoseTrip the chlorination PLC's overdose interlock
     * @param scans       each PLC's scan counter
     * @param at          the verifier's wall clock when it was taken (ISO-8601; null in bundles from before it was recorded)
     */
    public record PlantSample(double atMs, String phase, Map<String, Double> levels, double cwChlorine, double tapChlorine, double dose,
                              boolean chlorAuto, boolean overdoseTrip, Map<String, Long> scans, String at) {
    }

    /**
     * The PLC-safety run.
     *
     * @param commands      HTTP status of each operator command (prepare and confirm of auto off and the manual dose)
     * @param manualDose    the manual dose commanded, mg/L
     * @param tankHeights   each tank's height, m (the plant model's)
     * @param floodClients  API clients flooding the server
     * @param floodAnswered requests of the flood answered (any status) by the flood's deadline
     * @param floodFailed   requests of the flood sent but not answered by its deadline (time-outs, errors)
     * @param floodFromMs   when the flood started (its clients released, every one already running)
     * @param floodToMs     when the flood ended: the verifier saw its deadline pass (the requests still open then are not waited for)
     * @param downAtMs      when the server fell silent: the server process frozen (SIGSTOP sent and delivered; before round 6,
     *                      every server killed in the suite's own process)
     * @param trace         the plant's own trace, every 100 ms; null when it is in {@link #PLC_SAFETY_SAMPLES} (streamed)
     * @param server        the server process: its pid and command line (null in bundles from before it was a process of its own)
     * @param serverEpoch   the lease epoch it held, read from the pair's coordination database, once every plant PLC had seen it
     * @param plcEpochs     each plant PLC's fence epoch then, read at the PLC (the highest lease epoch it has seen)
     * @param killedAtMs    when the server process was killed (SIGKILL, once chlorination was back in automatic or the wait
     *                      ended); null in bundles from before
     */
    public record PlcSafetyRecord(Map<String, Integer> commands, double manualDose, Map<String, Double> tankHeights, int floodClients,
                                  long floodAnswered, long floodFailed, double floodFromMs, double floodToMs, double downAtMs,
                                  List<PlantSample> trace, String server, Long serverEpoch, Map<String, Long> plcEpochs,
                                  Double killedAtMs) {

        /** A record as written before the server ran as a process of its own (servers killed in the suite's process). */
        public PlcSafetyRecord(Map<String, Integer> commands, double manualDose, Map<String, Double> tankHeights, int floodClients,
                               long floodAnswered, long floodFailed, double floodFromMs, double floodToMs, double downAtMs,
                               List<PlantSample> trace) {
            this(commands, manualDose, tankHeights, floodClients, floodAnswered, floodFailed, floodFromMs, floodToMs, downAtMs, trace,
                    null, null, null, null);
        }
    }

    /** One journal entry. */
    public record AuditEvent(long seq, String time, String type, String source, String user, String detail) {
    }

    /**
     * The command-authority run.
     *
     * @param responses               HTTP status (Modbus exception code for RAW_UNSAFE_WRITE, 0 for none) by {@link CommandStep} name
     * @param operator                the operator's user name, who confirms the trip reset
     * @param setPointBefore          the chlorine set-point in the PLC before any command, mg/L
     * @param setPointAfterUnconfirmed the same a scan period after the unconfirmed command
     * @param setPointAfterRawWrite   the same after the refused raw write
     * @param gainBefore              the coagulant gain in the PLC before the refused tuning command
     * @param gainAfter               the same at the end
     * @param audit                   the server's journal entries of type COMMAND_* during the run
     * @param plcWrites               write requests each PLC accepted during the run, counted at the PLC (null: not recorded)
     */
    public record CommandRecord(Map<String, Integer> responses, String operator, double setPointBefore, double setPointAfterUnconfirmed,
                                double setPointAfterRawWrite, double gainBefore, double gainAfter, List<AuditEvent> audit,
                                Map<String, Long> plcWrites) {
    }

    /**
     * The active server killed.
     *
     * @param killedAt        the verifier's clock at the kill
     * @param standbyActiveAt the standby's own time stamp of its first taking of the lease after the kill, null if it never did
     * @param leaseHistory    every taking of the lease by a server of the pair in the run ("time server epoch N"), oldest first
     * @param timing          per server: how punctually its lease loop and its scan ran (for the reader; the host's
     *                        own figures are in the check's host file)
     */
    public record FailoverRecord(String killedAt, String standbyActiveAt, long leaseTtlMs, long heartbeatMs, long epochAtVerdict,
                                 List<String> leaseHistory, Map<String, String> timing) {
        public FailoverRecord {
            leaseHistory = leaseHistory == null ? List.of() : List.copyOf(leaseHistory);
            timing = timing == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timing));
        }
    }

    /**
     * The historian window across the faults; its samples are in {@link #HISTORIAN_SAMPLES}.
     *
     * @param from           start of the window (inclusive)
     * @param to             end of the window (exclusive)
     * @param cutPlc         the PLC whose link was cut; its samples of the outage must be flagged
     * @param tags           every plant tag (each must hold a sample of every expected cycle)
     * @param expectedCycles time stamps of the scan cycles delivered while their server was active, in the window
     * @param faults         what happened when (fault name → time or value)
     */
    public record HistorianRecord(String from, String to, String cutPlc, List<String> tags, List<String> expectedCycles,
                                  Map<String, String> faults) {
    }

    /** One stored sample of {@link #HISTORIAN_SAMPLES}. */
    public record StoredSample(String tag, String time, double value, String quality) {
    }

    /**
     * Every server stopped and the interlock conditions forced.
     *
     * @param transmissionPumps each pump's run command after the forcing (1 running, 0 stopped)
     * @param chlorineDose      the chlorine dose after the forcing
     * @param scansBefore       each PLC's scan counter when the servers were down
     * @param scansAfter        the same one second later
     */
    public record AutonomyRecord(String forced, Map<String, Double> transmissionPumps, double chlorineDose,
                                 Map<String, Long> scansBefore, Map<String, Long> scansAfter, double washesSoFar) {
    }

    /**
     * One component as the equipment reported it.
     *
     * @param hashOf what its hash was made from: "file NAME" (a list beside this file), "sbom GROUP:NAME"
     *     (the SBOM beside this file), "jdk PATH", "jar NAME", "classes PACKAGE" or "none"
     */
    public record ReportedComponent(String component, String model, String revision, String sha256, String hashOf) {
        ComponentIdentity identity() {
            return new ComponentIdentity(component, model, revision, sha256);
        }
    }

    /**
     * The identity run: what the supervisory server reported of itself.
     *
     * @param components every component, in the order reported
     * @param sbom       {@link #SBOM} when the application carries one, else why not ("n/a (…)")
     */
    public record IdentityRecord(List<ReportedComponent> components, String sbom) {
    }

    /** Records a server's report of itself: the components and the lists their hashes are made from. */
    static void writeIdentity(Path bundle, ServerIdentity.Report r) throws IOException {
        writeCsv(bundle, HARDWARE, r.serverHardware());
        writeCsv(bundle, PACKAGES, r.osPackages());
        if (r.sbom().isPresent()) {
            Files.write(bundle.resolve(SBOM), r.sbom().get());
        }
        writeJson(bundle, IDENTITY, new IdentityRecord(r.components().stream().map(c -> new ReportedComponent(c.identity().component(),
                c.identity().model(), c.identity().revision(), c.identity().sha256(), c.hashOf())).toList(),
                r.sbom().isPresent() ? SBOM : Sbom.ABSENT));
    }

    // ------------------------------------------------------------------ reading and writing

    /**
     * The PLC-safety check's plant trace: the record's own, or (when streamed) every line of
     * {@link #PLC_SAFETY_SAMPLES}; an {@link IOException} naming the file and line when one is not a sample.
     */
    static List<String> cycleStarts(Path bundle, ScanRecord r) throws IOException {
        return r.cycleStarts() != null ? r.cycleStarts() : readJsonLines(bundle, SCAN_STARTS, String.class);
    }

    /**
     * The scan record with its cycle starts, from the record (a bundle from before) or from
     * {@link #SCAN_STARTS}; an {@link IOException} naming the file and line when one is not a time.
     */
    static ScanRecord scanWithStarts(Path bundle, ScanRecord r) throws IOException {
        return r.cycleStarts() != null ? r : new ScanRecord(r.plcs(), r.points(), r.scanPeriodMs(), cycleStarts(bundle, r), r.maxCycleMs(),
                r.overruns(), r.goodSamplesLastCycle());
    }

    static List<PlantSample> plantTrace(Path bundle, PlcSafetyRecord r) throws IOException {
        return r.trace() != null ? r.trace() : readJsonLines(bundle, PLC_SAFETY_SAMPLES, PlantSample.class);
    }

    /** The login-rate-limit run with its attempts: the record's own, or (when streamed) those of {@link #LOGIN_ATTEMPTS}. */
    static LoginRecord logins(Path bundle, LoginRecord r) throws IOException {
        return r.attempts() != null ? r
                : new LoginRecord(r.maxFailures(), r.windowMs(), readJsonLines(bundle, LOGIN_ATTEMPTS, LoginAttempt.class));
    }

    /** Every line of {@code file} as a {@code type}; an {@link IOException} naming the file and line when one is not. */
    static <T> List<T> readJsonLines(Path bundle, String file, Class<T> type) throws IOException {
        Path f = bundle.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new IOException(file + " is missing");
        }
        List<T> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            try {
                out.add(Results.JSON.readValue(lines.get(i), type));
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + (i + 1) + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectWriter LINE = Results.JSON.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** One record as one line of JSON (for a streamed {@code .jsonl} file). */
    static String jsonLine(Object record) throws IOException {
        return LINE.writeValueAsString(record);
    }

    static void writeJson(Path bundle, String file, Object record) throws IOException {
        Path f = bundle.resolve(file);
        Files.createDirectories(f.getParent());
        Results.JSON.writeValue(f.toFile(), record);
    }

    /** The record in {@code file}; an {@link IOException} naming the file (relative) when it is missing or malformed. */
    static <T> T readJson(Path bundle, String file, Class<T> type) throws IOException {
        Path f = bundle.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new IOException(file + " is missing");
        }
        try {
            T t = Results.JSON.readValue(f.toFile(), type);
            if (t == null) {
                throw new IOException(file + " is empty");
            }
            return t;
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static void writeCsv(Path bundle, String file, String text) throws IOException {
        Path f = bundle.resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    /** The rows of a CSV file after its header (which must be {@code header}), split on commas. */
    static List<String[]> readCsv(Path bundle, String file, String header) throws IOException {
        Path f = bundle.resolve(file);
        if (!Files.isRegularFile(f)) {
            throw new IOException(file + " is missing");
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IOException(file + ": the first line must be " + header);
        }
        int cols = header.split(",").length;
        List<String[]> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f2 = lines.get(i).split(",", -1);
            if (f2.length != cols) {
                throw new IOException(file + " line " + (i + 1) + ": " + cols + " fields expected, found " + f2.length);
            }
            out.add(f2);
        }
        return out;
    }

    static double number(String file, String s) throws IOException {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a number: '" + s + "'");
        }
    }
}
