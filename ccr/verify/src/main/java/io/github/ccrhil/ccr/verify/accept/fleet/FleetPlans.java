package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.plan.PlanReader;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The plan each CCR of a fleet runs: the fleet's plan (its tests and limits, as data) with the
 * CCR's own equipment (rating, step table, tolerances, loop) and declared identity from fleet.yaml.
 * Written into the CCR's bundle as its plan.yaml, so {@code verify-bundle} re-judges each CCR
 * bundle on its own, exactly as a single {@code accept} bundle.
 */
public final class FleetPlans {

    /** The plan a fleet runs unless told otherwise. */
    public static final String DEFAULT_RESOURCE = "/plans/fleet-after-update.yaml";

    private FleetPlans() { }

    /** The plan a fleet of real CCRs runs unless told otherwise: the same tests, the operator as rig, self-reported. */
    public static final String SITE_RESOURCE = "/plans/fleet-after-update-site.yaml";

    /** The text of the embedded fleet plan. */
    public static String defaultPlanText() {
        return resource(DEFAULT_RESOURCE);
    }

    /** The text of the embedded fleet plan for real CCRs. */
    public static String sitePlanText() {
        return resource(SITE_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = FleetPlans.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("fleet plan missing from the build: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CCR's plan: its text (the CCR bundle's plan.yaml) and the plan it reads as. */
    public record CcrPlan(String text, TestPlan plan) { }

    /**
     * @param fleetPlanText the fleet's plan as written
     * @param fleetPlanFile its name, for messages
     */
    @SuppressWarnings("unchecked")
    public static CcrPlan forCcr(String fleetPlanText, String fleetPlanFile, Fleet.Ccr ccr) throws ConfigException {
        // read once as a plan first, so a bad fleet plan is reported against its own file and line
        TestPlan fleetPlan = PlanReader.read(fleetPlanFile, fleetPlanText);
        Map<String, Object> doc = (Map<String, Object>) new Yaml(new LoaderOptions()).load(fleetPlanText);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            out.put(e.getKey(), e.getValue());
        }
        out.put("plan", fleetPlan.name() + "-" + ccr.name());
        Map<String, Object> dut = new LinkedHashMap<>();
        // the emulated fleet runs on its emulated plant; a real CCR is at the address fleet.yaml gives
        dut.put("address", fleetPlan.rig() == TestPlan.Rig.EMULATED_PLANT ? fleetPlan.dut().address() : ccr.address().medium());
        dut.put("profile", ccr.profile());
        out.put("dut", dut);
        Map<String, Object> equipment = new LinkedHashMap<>();
        equipment.put("ratedKva", ccr.rating().kva());
        equipment.put("steps", ccr.rating().steps());
        equipment.put("tolerances", ccr.rating().tolerances());
        equipment.put("mainsVoltage", ccr.rating().mainsVoltage());
        equipment.put("mainsHz", ccr.rating().mainsHz());
        equipment.put("cableLength", ccr.loop().lengthM());
        equipment.put("led", String.format(Locale.ROOT, "%.4f", ccr.loop().led()));
        out.put("equipment", equipment);
        List<Map<String, Object>> identity = new ArrayList<>();
        for (DeclaredComponent d : ccr.identity()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", d.component());
            m.put("model", d.model());
            m.put("revision", d.revision());
            m.put("sha256", d.sha256());
            identity.add(m);
        }
        out.put("identity", identity);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(200);
        String text = "# " + ccr.name() + " (vault " + ccr.vault() + ", " + ccr.address().describe() + "): the fleet plan "
                + fleetPlan.name() + " with this CCR's equipment and declared identity from the fleet file\n"
                + new Yaml(o).dump(out);
        return new CcrPlan(text, PlanReader.read(ccr.name() + "/plan.yaml", text));
    }
}
