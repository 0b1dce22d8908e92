package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.evidence.bundle.BundleFolder;
import io.github.ccrhil.evidence.bundle.Results;
import io.github.ccrhil.water.verify.accept.AcceptanceSuite;
import io.github.ccrhil.water.verify.accept.CheckSpec;
import io.github.ccrhil.water.verify.accept.RawData;
import io.github.ccrhil.water.verify.accept.WaterAcceptanceBundle;
import io.github.ccrhil.water.verify.accept.WaterPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-bundle on a water acceptance bundle: the water judge re-derives its verdicts from the recorded raw data. */
class VerifyBundleCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** A water acceptance bundle holding the turbidity step only, its trace written by hand (worst filtered 0.06 deg). */
    private Path waterBundle() throws Exception {
        WaterPlan full = WaterPlan.of(AcceptanceSuite.Options.defaults(dir.resolve("work")));
        CheckSpec turbidity = full.check(WaterPlan.TURBIDITY_STEP);
        BundleFolder f = WaterAcceptanceBundle.start(dir.resolve("bundle"), new WaterPlan(full.name(), full.options(), List.of(turbidity)));
        Files.createDirectories(f.resolve(RawData.DIR));
        Files.writeString(f.resolve(RawData.TURBIDITY), RawData.TURBIDITY_HEADER + "\n"
                + "0.0167,5.0000,0.030000,0.020000,0.45000,7.2000,20.0000\n"
                + "6.0167,50.0000,0.060000,0.030000,0.44000,7.1000,35.0000\n");
        WaterAcceptanceBundle.finish(f, Results.COMPLETE, List.of("hand-made"));
        return f.dir();
    }

    @Test
    void aWaterBundleHoldsAndAChangedRawValueIsNamedWithTheVerdictItChanges() throws Exception {
        Path bundle = waterBundle();
        Result ok = cli("verify-bundle", bundle.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("PASS          TURBIDITY_STEP"), ok.out());
        assertTrue(ok.out().contains("bundle OK: every file matches manifest.sha256 and every verdict follows from the raw data"), ok.out());

        Path trace = bundle.resolve(RawData.TURBIDITY);
        Files.writeString(trace, Files.readString(trace).replace("0.060000", "0.160000"));
        Result bad = cli("verify-bundle", bundle.toString());
        assertEquals(io.github.ccrhil.evidence.ExitCode.ALTERED.code(), bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("ALTERED  " + RawData.TURBIDITY + ": altered"), bad.out());
        assertTrue(bad.out().contains("VERDICT  TURBIDITY_STEP: results.json says PASS"), bad.out());
        assertTrue(bad.out().contains("FAIL          TURBIDITY_STEP"), bad.out());
        assertTrue(bad.out().contains("bundle NOT OK: 1 file problem(s), 1 verdict problem(s)"), bad.out());
    }

    @Test
    void aSignedBundleVerifiesWithTheVendorsKeyAndAConsistentEditOfRawDataIsRejected() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path priv = dir.resolve("vendor.pem");
        Path pub = dir.resolve("vendor.pub.pem");
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
        Files.writeString(priv, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n" + b64.encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Path bundle = waterBundle();
        Result signed = cli("sign-bundle", "--key", priv.toString(), bundle.toString());
        assertEquals(0, signed.exit(), signed.out() + signed.err());
        Result ok = cli("verify-bundle", "--signer", pub.toString(), bundle.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("signature verifies with vendor.pub.pem"), ok.out());

        // a forger edits a raw value and recomputes the manifest: without the vendor's key, the signature no longer holds
        Path trace = bundle.resolve(RawData.TURBIDITY);
        Files.writeString(trace, Files.readString(trace).replace("0.030000,0.020000", "0.031000,0.020000"));
        io.github.ccrhil.evidence.bundle.Manifest.write(bundle);
        Result bad = cli("verify-bundle", "--signer", pub.toString(), bundle.toString());
        assertEquals(io.github.ccrhil.evidence.ExitCode.ALTERED.code(), bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("SIGNED   manifest.sha256.sig: does not verify with vendor.pub.pem"), bad.out());
    }
}
