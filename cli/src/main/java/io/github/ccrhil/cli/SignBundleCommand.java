package io.github.ccrhil.cli;

import io.github.ccrhil.evidence.bundle.BundleSignature;
import io.github.ccrhil.evidence.bundle.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Signs a bundle's manifest with the vendor's Ed25519 key (the JDK's own signing). */
@Command(name = "sign-bundle", mixinStandardHelpOptions = true,
        description = {"Sign a bundle: an Ed25519 signature over manifest.sha256 (which covers every file), written as",
                "manifest.sha256.sig. A reviewer checks it with: verify-bundle --signer PUBLIC.pem BUNDLE.",
                "Keys: openssl genpkey -algorithm ed25519 -out key.pem; openssl pkey -in key.pem -pubout -out public.pem.",
                "Exit code: 0 signed, 2 bad input."})
final class SignBundleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "PRIVATE.pem", description = "The vendor's Ed25519 private key (PKCS#8 PEM).")
    Path key;

    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder.")
    Path bundle;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(bundle.resolve(Manifest.FILE))) {
            throw new IllegalArgumentException(bundle + ": no " + Manifest.FILE + " to sign");
        }
        BundleSignature.sign(bundle, key);
        spec.commandLine().getOut().println("signed " + bundle.resolve(BundleSignature.FILE));
        return 0;
    }
}
