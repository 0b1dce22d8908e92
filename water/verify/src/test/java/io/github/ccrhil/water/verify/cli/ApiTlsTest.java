package io.github.ccrhil.water.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.tcp.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 13: "TLS is an option (the JDK's keystore; certificates generated in the test)". A site CA
 * and a server certificate are generated here, `water run --tls-keystore` serves the API and the
 * HMI over HTTPS only, a client trusting that CA reads them, and the same port gives plain HTTP no answer.
 */
class ApiTlsTest {
    static final String OPERATOR = "operator-token-000001";

    @TempDir
    Path dir;

    record Out(int code, String out, String err) {
    }

    Out exec(StringWriter out, String... args) {
        CommandLine cl = WaterMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Out(code, out.toString(), err.toString());
    }

    Path config() throws IOException {
        return Files.writeString(dir.resolve("site.json"), "{\"plcBasePort\":0,\"apiPort\":0,\"scanPeriodMs\":200,\"dataDir\":\""
                + dir.resolve("data") + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"" + OPERATOR + "\"}]}");
    }

    /** The server's key and certificate (CN=localhost, IP 127.0.0.1, signed by the test's CA) in a PKCS12 keystore file. */
    Path keystore(TestPki pki) throws Exception {
        KeyStore id = pki.identity("localhost", Optional.empty(), List.of("127.0.0.1"));
        Path file = dir.resolve("server.p12");
        try (OutputStream os = Files.newOutputStream(file)) {
            id.store(os, TestPki.PASSWORD);
        }
        return file;
    }

    static HttpClient trusting(TestPki pki) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(pki.trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(30)).build();
    }

    static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAndTheHmiAreServedOverHttpsOnlyWithTheSitesCertificate() throws Exception {
        TestPki pki = new TestPki("water site test CA");
        Path keystore = keystore(pki);
        Path password = Files.writeString(dir.resolve("keystore.password"), new String(TestPki.PASSWORD) + "\n");
        Path cfg = config();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StringWriter out = new StringWriter();
            Future<Out> run = pool.submit(() -> exec(out, "run", "--config", cfg.toString(), "--duration", "300",
                    "--tls-keystore", keystore.toString(), "--tls-keystore-password-file", password.toString()));
            Pattern api = Pattern.compile("API https://127\\.0\\.0\\.1:(\\d+)/api/health");
            long end = System.nanoTime() + Duration.ofSeconds(300).toNanos(); // startup on a host loaded far past its cores
            Matcher m = api.matcher(out.toString());
            while (!m.find()) {
                assertTrue(System.nanoTime() < end, "the run did not print its HTTPS API: " + out);
                assertFalse(run.isDone(), "the run ended early: " + out + (run.isDone() ? run.get().err() : ""));
                Thread.sleep(20);
                m = api.matcher(out.toString());
            }
            int port = Integer.parseInt(m.group(1));
            String https = "https://127.0.0.1:" + port;

            HttpClient client = trusting(pki);
            HttpResponse<String> health = get(client, https + "/api/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"server\" : \"scada-1\""), health.body());
            HttpResponse<String> me = get(client, https + "/api/me", OPERATOR);
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"role\" : \"OPERATOR\""), me.body());
            assertEquals(401, get(client, https + "/api/me", "wrong-token-000000000").statusCode());
            HttpResponse<String> page = get(client, https + "/", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>Water HMI</title>"), "the HMI is served on the same HTTPS port");

            // a client that does not trust the site's CA gets no connection (no connect timeout: a loaded host's slow
            // handshake must not pass for the refusal)
            HttpClient stranger = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> get(stranger, https + "/api/health", null));

            // plain HTTP on the same port: no API answer, whatever the transport makes of it
            String plain;
            try {
                HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/api/health", null);
                plain = r.statusCode() + " " + r.body();
                assertTrue(r.statusCode() >= 400, "plain HTTP must not be served: " + plain);
            } catch (IOException refused) {
                plain = refused.toString();
            }
            assertFalse(plain.contains("scada-1"), "plain HTTP reached the API: " + plain);
        } finally {
            pool.shutdownNow(); // interrupts the run's wait: it stops and closes its servers
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "the run did not stop");
        }
    }

    @Test
    void aWrongKeystorePasswordIsOneClearLineAndExitCode2() throws Exception {
        TestPki pki = new TestPki("water site test CA");
        Path keystore = keystore(pki);
        Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-the-password\n");
        Out o = exec(new StringWriter(), "run", "--config", config().toString(), "--duration", "1",
                "--tls-keystore", keystore.toString(), "--tls-keystore-password-file", wrong.toString());
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().startsWith("water: cannot open keystore " + keystore), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        Out half = exec(new StringWriter(), "run", "--config", config().toString(), "--duration", "1",
                "--tls-keystore", keystore.toString());
        assertEquals(2, half.code());
        assertTrue(half.err().contains("--tls-keystore and --tls-keystore-password-file go together"), half.err());
    }
}
