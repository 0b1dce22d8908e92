package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.verify.accept.dut.DutStartupException;
import io.github.ccrhil.evidence.ExitCode;
import io.github.ccrhil.evidence.yaml.ConfigException;
import java.io.PrintWriter;
import io.github.ccrhil.water.verify.cli.WaterMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ccr-hil command line. Every failure a user can cause (a bad argument, a bad file) ends
 * with one line on stderr and a non-zero exit code. The codes are the evidence core's
 * {@link ExitCode}s: 0 pass, 1 fail, 2 bad input, 3 inconclusive, 4 incomplete, 5 altered,
 * 6 internal error, 7 the DUT could not start.
 */
@Command(name = "ccr-hil", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Hardware-in-the-loop verification of designated critical equipment: airfield-lighting",
                "constant-current regulators, and (under `water`) water-plant supervisory control."},
        subcommands = {AcceptCommand.class, VerifyBundleCommand.class, SignBundleCommand.class, SimulateCommand.class, TablesCommand.class,
                CampaignCommand.class, MergeBundlesCommand.class, ReplayCommand.class,
                ServeCcrCommand.class, PowerStageCommand.class, ClientCommand.class, ProfileCommand.class,
                WaterMain.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static final int EXIT_INPUT = ExitCode.BAD_INPUT.code();
    public static final int EXIT_FAILED = ExitCode.FAIL.code();

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
            if (ex instanceof DutStartupException) {
                err.println("ccr-hil: " + ex.getMessage());
                return ExitCode.DUT_ERROR.code();
            }
            err.println("ccr-hil: internal error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return ExitCode.INTERNAL_ERROR.code();
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
