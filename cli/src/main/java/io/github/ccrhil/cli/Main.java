package io.github.ccrhil.cli;

import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.PrintWriter;
import io.github.ccrhil.water.verify.cli.WaterMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ccr-hil command line. Every failure a user can cause (a bad argument, a bad file) ends
 * with one line on stderr and a non-zero exit code: 2 for usage and input errors, 1 for a run
 * that could not complete.
 */
@Command(name = "ccr-hil", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Hardware-in-the-loop verification of designated critical equipment: airfield-lighting",
                "constant-current regulators, and (under `water`) water-plant supervisory control."},
        subcommands = {AcceptCommand.class, VerifyBundleCommand.class, SimulateCommand.class, TablesCommand.class,
                CampaignCommand.class, ReplayCommand.class,
                ServeCcrCommand.class, PowerStageCommand.class, ClientCommand.class, ProfileCommand.class,
                WaterMain.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int EXIT_INPUT = 2;
    public static final int EXIT_FAILED = 1;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("ccr-hil: " + ex.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (see: ccr-hil " + ex.getCommandLine().getCommandName() + " --help)");
            return EXIT_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                err.println("ccr-hil: " + ex.getMessage());
                return EXIT_INPUT;
            }
            err.println("ccr-hil: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ccr-hil " + (v == null ? "development build" : v)};
        }
    }
}
