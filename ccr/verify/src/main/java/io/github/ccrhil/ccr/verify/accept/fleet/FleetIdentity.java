package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.ccr.verify.accept.procedure.Procedures;
import io.github.ccrhil.ccr.verify.accept.verdict.IdentityResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each CCR of a fleet reports about its components against what fleet.yaml declares, read
 * from the CCR bundle's raw identity record (the identity test's reported-identity.csv): the
 * fleet report's identity table and drift.
 *
 * @param ccr the CCR
 * @param rows one per declared component
 * @param reported false when the CCR's bundle holds no identity record (it did not answer)
 */
public record FleetIdentity(String ccr, List<Row> rows, boolean reported) {

    /**
     * One component.
     *
     * @param reportedSha256 what the CCR reports, or "not reported"
     * @param drift true when model, revision or hash differ from the declaration
     */
    public record Row(String component, String declaredRevision, String declaredSha256, String reportedRevision,
                      String reportedSha256, boolean drift) { }

    public FleetIdentity {
        rows = List.copyOf(rows);
    }

    /** The relative path of a CCR's identity record inside the fleet bundle. */
    public static String file(String ccr) {
        return FleetRun.CCRS + "/" + ccr + "/traces/identity/" + Procedures.IDENTITY_FILE;
    }

    /** True when any component differs from its declaration (or none was reported). */
    public boolean drift() {
        return !reported || rows.stream().anyMatch(Row::drift);
    }

    /** The reported hash of {@code component}, or "not reported". */
    public String reportedSha256(String component) {
        return rows.stream().filter(r -> r.component().equals(component)).map(Row::reportedSha256).findFirst()
                .orElse("not reported");
    }

    static FleetIdentity read(Path fleetBundle, Fleet.Ccr ccr, TestPlan plan, IdentityResolver resolver) throws IOException {
        Path f = fleetBundle.resolve(file(ccr.name()));
        List<String[]> reported = new ArrayList<>();
        boolean any = false;
        if (Files.isRegularFile(f)) {
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!l.startsWith("component,") && !l.startsWith("#") && !l.isBlank()) {
                    reported.add(l.split(",", -1));
                    any = true;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (DeclaredComponent d : ccr.identity()) {
            String sha = resolver.expectedSha256(plan, d);
            String[] r = reported.stream().filter(x -> x.length >= 4 && x[0].equals(d.component())).findFirst().orElse(null);
            String rRev = r == null ? "not reported" : r[2];
            String rSha = r == null ? "not reported" : r[3];
            boolean drift = r == null || !r[1].equals(d.model()) || !rRev.equals(d.revision()) || !rSha.equals(sha);
            rows.add(new Row(d.component(), d.revision(), sha, rRev, rSha, drift));
        }
        return new FleetIdentity(ccr.name(), rows, any);
    }
}
