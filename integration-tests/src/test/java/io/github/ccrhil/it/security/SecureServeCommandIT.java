package io.github.ccrhil.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.cli.ClientCommand;
import io.github.ccrhil.cli.ServeCcrCommand;
import io.github.ccrhil.modbus.tcp.FreePorts;
import io.github.ccrhil.modbus.tcp.TestPki;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ccr-hil serve --tls-key --tls-trust} and {@code ccr-hil client} with the same options:
 * the reference CCR over Modbus/TCP Security, an engineer commands a step, an operator cannot,
 * a plain Modbus/TCP client gets nothing.
 */
@Timeout(90)
class SecureServeCommandIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A PKCS#12 file without a password (CCRHIL_TLS_PASSWORD unset). */
    private static Path p12(KeyStore from, Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (String alias : java.util.Collections.list(from.aliases())) {
            if (from.isKeyEntry(alias)) {
                Key key = from.getKey(alias, TestPki.PASSWORD);
                Certificate[] chain = from.getCertificateChain(alias);
                ks.setKeyEntry(alias, key, new char[0], chain);
            } else {
                ks.setCertificateEntry(alias, from.getCertificate(alias));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, new char[0]);
        }
        return file;
    }

    @Test
    void anEngineerCommandsAStepOverTlsAnOperatorCannotAndPlainTcpGetsNothing(@TempDir Path dir) throws Exception {
        TestPki site = new TestPki("site CA");
        String trust = p12(site.trustStore(), dir.resolve("ca.p12")).toString();
        String server = p12(site.identity("ccr-1", Optional.empty()), dir.resolve("ccr.p12")).toString();
        String engineer = p12(site.identity("engineer-1", Optional.of("engineer")), dir.resolve("engineer.p12")).toString();
        String operator = p12(site.identity("operator-1", Optional.of("operator")), dir.resolve("operator.p12")).toString();
        int port = FreePorts.one();
        String endpoint = "127.0.0.1:" + port;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Run> serve = pool.submit(() -> run(new ServeCcrCommand(), "--tcp", endpoint, "--tls-key", server,
                    "--tls-trust", trust, "--duration", "10s"));
            Run w = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                w = run(new ClientCommand(), "--tcp", endpoint, "--tls-key", engineer, "--tls-trust", trust, "write", "command_step=3");
                if (w.exit() != 0) {
                    LockSupport.parkNanos(100_000_000);
                }
            } while (w.exit() != 0 && System.nanoTime() < deadline);
            assertEquals(0, w.exit(), w.err());
            Run r = run(new ClientCommand(), "--tcp", endpoint, "--tls-key", operator, "--tls-trust", trust, "read", "command_step");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("command_step = 3"), r.out());
            Run refused = run(new ClientCommand(), "--tcp", endpoint, "--tls-key", operator, "--tls-trust", trust, "write", "command_step=1");
            assertNotEquals(0, refused.exit(), "an operator may not write: " + refused.out());
            Run plain = run(new ClientCommand(), "--tcp", endpoint, "--timeout", "1s", "read", "command_step");
            assertNotEquals(0, plain.exit(), "plain Modbus/TCP must get nothing: " + plain.out());
            Run half = run(new ClientCommand(), "--tcp", endpoint, "--tls-key", engineer, "read", "command_step");
            assertNotEquals(0, half.exit());
            assertTrue(half.err().contains("--tls-trust"), half.err());
            Run again = run(new ClientCommand(), "--tcp", endpoint, "--tls-key", operator, "--tls-trust", trust, "read", "command_step");
            assertTrue(again.out().contains("command_step = 3"), "the operator's refused write changed nothing: " + again.out());
            Run served = serve.get(60, TimeUnit.SECONDS);
            assertEquals(0, served.exit(), served.err());
        } finally {
            pool.shutdownNow();
        }
    }
}
