package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTable;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the step tables and tolerance tables the model knows, with their sources. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "Print the brightness-step and tolerance tables, with their sources.")
final class TablesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (StepTable steps : StepTables.all()) {
            out.printf(Locale.ROOT, "%s (rated %.1f A)%n", steps.name(), steps.ratedCurrentA());
            for (String name : ToleranceTables.names()) {
                ToleranceTable t;
                try {
                    t = ToleranceTables.byName(name, steps);
                } catch (IllegalArgumentException notForThisTable) {
                    continue;
                }
                out.printf(Locale.ROOT, "  %-16s [%s]%n", t.name(), t.source());
                for (int s = steps.stepCount(); s >= 1; s--) {
                    ToleranceBand b = t.band(s);
                    out.printf(Locale.ROOT, "    step %d  %6.2f A   %6.2f .. %6.2f A%n", s, steps.nominalCurrentA(s), b.loA(), b.hiA());
                }
            }
        }
        return 0;
    }
}
