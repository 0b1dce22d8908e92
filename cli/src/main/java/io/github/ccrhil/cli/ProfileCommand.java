package io.github.ccrhil.cli;

import io.github.ccrhil.ccr.emulator.profile.CcrProfiles;

import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.ProfileDocs;
import io.github.ccrhil.modbus.profile.ProfileException;
import io.github.ccrhil.modbus.profile.ProfileLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the reference CCR's register map as a profile (YAML), or checks a user's profile. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = {"Print the reference CCR's Modbus register map as a profile (YAML), the format a user",
            "writes to describe a vendor's CCR; or check such a file and print it back."})
public final class ProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--power-stage", description = "the emulated power stage's profile instead")
    boolean powerStage;

    @Option(names = "--check", paramLabel = "<file.yaml>", description = "load and check this profile; errors name file:line: field")
    Path check;

    @Option(names = "--markdown", description = "print the register tables as Markdown")
    boolean markdown;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Profile profile;
        String text;
        if (check != null) {
            try {
                profile = ProfileLoader.load(check);
            } catch (ProfileException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 2;
            }
            text = ProfileLoader.toYaml(profile);
        } else {
            String resource = powerStage ? CcrProfiles.POWER_STAGE : CcrProfiles.REFERENCE_CCR;
            profile = powerStage ? CcrProfiles.powerStage() : CcrProfiles.referenceCcr();
            text = ProfileLoader.resourceText(resource);
        }
        out.print(markdown ? ProfileDocs.markdownTables(profile) : text);
        out.flush();
        return 0;
    }
}
