package io.github.ccrhil.ccr.verify.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import io.github.ccrhil.evidence.bundle.BundleFiles;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.ccr.emulator.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a campaign on the emulated DUT is, as data in its bundle ({@value #FILE}, written first):
 * the options that decide its cases (seed, cases, shard, kinds, waveform share, shrink budget),
 * whether each case is run twice (determinism), and the limits every property judged against,
 * per step table, each with its provenance. {@code verify-bundle} re-judges every case from this
 * file and the case's raw trace, and prints the file's SHA-256 ({@code --expect-plan}).
 *
 * <p>A campaign against a DUT at the end of a link records the link's address, the step table
 * its commands are drawn from and the command counts and dwells ({@link Linked}).
 *
 * @param config the campaign's options (its worker threads are not recorded: they change no byte)
 * @param linked the linked campaign's part; null for a campaign on the emulated DUT
 * @param limits the property limits by step table name (the ratings a campaign draws, {@link Rating#ALL})
 * @param rerun whether each case is run a second time to judge determinism
 * @param identity the DUT's components the campaign declares it runs (model, revision, SHA-256):
 *     on the emulated DUT this build's firmware model and current-control software, declared before
 *     any case; {@code identity.json} must list exactly these. For a linked campaign the identity
 *     it expects ({@code campaign --expect-identity}), also written before any case: the DUT's own
 *     report in {@code identity.json} is judged against it ({@link LinkedIdentity}); null when it
 *     was given none (the plan then says "identity not declared")
 */
public record CampaignPlan(Campaign.Config config, Linked linked, Map<String, PropertyLimits> limits, boolean rerun,
                           List<ComponentIdentity> identity) {

    /** A linked campaign's own options: the DUT's address, its step table (the plan's), commands per case and dwells. */
    public record Linked(String address, String stepTable, int commandsMin, int commandsMax, Duration dwellMin,
                         Duration dwellMax) {
        public Linked {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(stepTable, "stepTable");
            Objects.requireNonNull(dwellMin, "dwellMin");
            Objects.requireNonNull(dwellMax, "dwellMax");
        }
    }

    /** The campaign's plan in its bundle. */
    public static final String FILE = "campaign-plan.json";

    public CampaignPlan {
        Objects.requireNonNull(config, "config");
        limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        identity = identity == null ? null : List.copyOf(identity);
    }

    /** A campaign on the emulated DUT declares this build's model ({@link CampaignBundle#modelIdentity()}); a linked one nothing. */
    public CampaignPlan(Campaign.Config config, Linked linked, Map<String, PropertyLimits> limits, boolean rerun) {
        this(config, linked, limits, rerun, linked == null ? CampaignBundle.modelIdentity() : null);
    }

    /** The campaign with the default limits of every rating ({@link PropertyLimits#defaultsFor}), each case run twice. */
    public static CampaignPlan of(Campaign.Config config) {
        return of(config, rating -> PropertyLimits.defaultsFor(RunContext.stepsNamed(rating.stepTable()).ratedCurrentA()), true);
    }

    /** The campaign judged against {@code limits} per rating; {@code rerun} false: each case runs once (determinism not applicable). */
    public static CampaignPlan of(Campaign.Config config, Function<Rating, PropertyLimits> limits, boolean rerun) {
        Map<String, PropertyLimits> m = new LinkedHashMap<>();
        for (Rating r : Rating.ALL) {
            m.put(r.stepTable(), limits.apply(r));
        }
        return new CampaignPlan(config, null, m, rerun);
    }

    /** The limits the scenario's cases are judged against. */
    public PropertyLimits limitsFor(Scenario s) {
        PropertyLimits l = limits.get(s.ccr().stepTable());
        if (l == null) {
            throw new IllegalArgumentException("the campaign records no limits for step table " + s.ccr().stepTable());
        }
        return l;
    }

    /** The indices of this shard's cases, in order. */
    public List<Integer> indices() {
        List<Integer> out = new ArrayList<>();
        for (int i = config.shard() - 1; i < config.cases(); i += config.shards()) {
            out.add(i);
        }
        return out;
    }

    // ------------------------------------------------------------------ as data

    public void write(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("campaign", linked == null
                ? "ccr-hil campaign on the emulated DUT (firmware model on the emulated plant, simulated time)"
                : "ccr-hil campaign against a DUT at the end of a link, in wall-clock time, on its own report");
        root.put("dut", linked == null ? "emulated" : linked.address());
        if (identity == null && linked != null) {
            root.put("dutIdentity", LinkedIdentity.NOT_DECLARED + " (campaign --expect-identity): " + BundleFiles.IDENTITY
                    + " records what the DUT reported, checked against nothing");
        }
        if (identity != null) {
            List<Map<String, String>> dut = new ArrayList<>();
            for (ComponentIdentity c : identity) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("component", c.component());
                m.put("model", c.model());
                m.put("revision", c.revision());
                m.put("sha256", c.sha256());
                dut.add(m);
            }
            root.put("dutIdentity", dut);
        }
        root.put("seed", Long.toUnsignedString(config.seed()));
        root.put("cases", config.cases());
        root.put("shard", config.shard() + "/" + config.shards());
        root.put("kinds", config.kinds().stream().map(CaseKind::label).toList());
        root.put("waveformShare", config.waveformShare());
        root.put("shrinkBudget", config.shrinkBudget());
        root.put("rerun", rerun);
        if (linked != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("stepTable", linked.stepTable());
            l.put("commandsMin", linked.commandsMin());
            l.put("commandsMax", linked.commandsMax());
            l.put("dwellMin", linked.dwellMin().toString());
            l.put("dwellMax", linked.dwellMax().toString());
            root.put("linked", l);
        }
        root.put("properties", PropertyChecks.ALL);
        Map<String, Object> ls = new LinkedHashMap<>();
        for (Map.Entry<String, PropertyLimits> e : limits.entrySet()) {
            PropertyLimits p = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("overshoot", limit(p.overshootA()));
            m.put("settling", time(p.settling()));
            m.put("openCircuit", time(p.openCircuit()));
            m.put("lampEstimateLamps", limit(p.lampEstimateLamps()));
            m.put("lampEstimateShare", limit(p.lampEstimateShare()));
            m.put("steadyAfter", time(p.steadyAfter()));
            m.put("afterLoadChange", limit(p.afterLoadChange()));
            m.put("afterSupplyChange", limit(p.afterSupplyChange()));
            m.put("afterOutputShort", limit(p.afterOutputShort()));
            m.put("allowanceWindow", limit(p.allowanceWindow()));
            ls.put(e.getKey(), m);
        }
        root.put("limits", ls);
        Results.JSON.writeValue(file.toFile(), root);
    }

    private static Map<String, Object> limit(Limit l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("value", l.value());
        m.put("unit", l.unit());
        m.put("source", l.provenance().source());
        m.put("default", l.provenance().isDefault());
        return m;
    }

    private static Map<String, Object> time(TimeLimit l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("value", l.value().toString());
        m.put("source", l.provenance().source());
        m.put("default", l.provenance().isDefault());
        return m;
    }

    /**
     * Reads a campaign's plan back from its bundle.
     *
     * @throws ConfigException naming the file and the field when it is missing, not JSON, or a field is wrong
     */
    public static CampaignPlan read(Path bundle) throws ConfigException {
        Path f = bundle.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new ConfigException(FILE, 0, "", "missing: the campaign's options and limits are not recorded, so its"
                    + " verdicts cannot be re-judged");
        }
        JsonNode root;
        try {
            root = Results.JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new ConfigException(FILE, 0, "", "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(FILE, 0, "", "not a JSON object");
        }
        try {
            long seed = Long.parseUnsignedLong(text(root, "seed"));
            String[] shard = text(root, "shard").split("/");
            if (shard.length != 2) {
                throw new ConfigException(FILE, 0, "shard", "not k/n");
            }
            List<CaseKind> kinds = new ArrayList<>();
            for (JsonNode k : need(root, "kinds")) {
                kinds.add(CaseKind.parse(k.asText()));
            }
            Campaign.Config c = new Campaign.Config(need(root, "cases").asInt(), seed, Integer.parseInt(shard[0]),
                    Integer.parseInt(shard[1]), kinds, need(root, "waveformShare").asDouble(), 1, need(root, "shrinkBudget").asInt());
            Map<String, PropertyLimits> limits = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) need(root, "limits")::fields) {
                JsonNode l = e.getValue();
                String at = "limits." + e.getKey() + ".";
                // the allowances are recorded since issue 12's round 4; a plan written before holds
                // none, and was judged with the constants of its time's defaults
                limits.put(e.getKey(), new PropertyLimits(limit(l, at, "overshoot"), time(l, at, "settling"),
                        time(l, at, "openCircuit"), limit(l, at, "lampEstimateLamps"), limit(l, at, "lampEstimateShare"),
                        time(l, at, "steadyAfter"), limitOr(l, at, "afterLoadChange", PropertyLimits.AFTER_LOAD_CHANGE),
                        limitOr(l, at, "afterSupplyChange", PropertyLimits.AFTER_SUPPLY_CHANGE),
                        limitOr(l, at, "afterOutputShort", PropertyLimits.AFTER_OUTPUT_SHORT),
                        limitOr(l, at, "allowanceWindow", PropertyLimits.ALLOWANCE_WINDOW)));
            }
            Linked linked = null;
            if (root.has("linked")) {
                JsonNode l = root.get("linked");
                linked = new Linked(text(root, "dut"), text(l, "stepTable"), need(l, "commandsMin").asInt(),
                        need(l, "commandsMax").asInt(), Duration.parse(text(l, "dwellMin")), Duration.parse(text(l, "dwellMax")));
            }
            List<ComponentIdentity> identity = null;
            if (root.has("dutIdentity") && !root.get("dutIdentity").isTextual()) {
                identity = new ArrayList<>();
                for (JsonNode d : need(root, "dutIdentity")) {
                    identity.add(new ComponentIdentity(text(d, "component"), text(d, "model"), text(d, "revision"),
                            text(d, "sha256")));
                }
            }
            return new CampaignPlan(c, linked, limits, need(root, "rerun").asBoolean(), identity);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConfigException(FILE, 0, "", e.getMessage());
        }
    }

    private static JsonNode need(JsonNode n, String field) throws ConfigException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new ConfigException(FILE, 0, field, "missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field) throws ConfigException {
        return need(n, field).asText();
    }

    private static Limit limitOr(JsonNode l, String at, String field, Limit absent) throws ConfigException {
        return l.has(field) ? limit(l, at, field) : absent;
    }

    private static Limit limit(JsonNode l, String at, String field) throws ConfigException {
        JsonNode n = l.get(field);
        if (n == null || !n.path("value").isNumber()) {
            throw new ConfigException(FILE, 0, at + field, "missing or not a number");
        }
        return new Limit(n.path("name").asText(field), n.path("value").asDouble(), n.path("unit").asText(""), provenance(n, at + field));
    }

    private static TimeLimit time(JsonNode l, String at, String field) throws ConfigException {
        JsonNode n = l.get(field);
        if (n == null || !n.path("value").isTextual()) {
            throw new ConfigException(FILE, 0, at + field, "missing or not a duration");
        }
        return new TimeLimit(n.path("name").asText(field), Duration.parse(n.path("value").asText()), provenance(n, at + field));
    }

    private static Provenance provenance(JsonNode n, String at) throws ConfigException {
        if (!n.path("source").isTextual() || !n.path("default").isBoolean()) {
            throw new ConfigException(FILE, 0, at, "no provenance (source and default)");
        }
        return new Provenance(n.path("source").asText(), n.path("default").asBoolean());
    }
}
