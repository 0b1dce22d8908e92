package io.github.ccrhil.it.panel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.modbus.tcp.FreePorts;
import io.github.ccrhil.water.plant.PlantConfig;
import io.github.ccrhil.water.plant.site.RunningPlant;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The water HMI page follows the hot standby when the active server dies: a real browser (Debian's
 * chromium) on the active server's page, the pair as two {@code water server} child JVMs sharing one
 * PostgreSQL historian, each told where its partner serves its page ({@code --peer-hmi}), and a
 * SIGKILL of the active process. The page says at once that it lost contact, goes to the partner's
 * page as soon as that answers, says there where it came from, and after the operator logs in again
 * shows the partner ACTIVE with live values. Times from the kill are printed (README, the water HMI).
 */
@Timeout(240)
class WaterHmiFollowsTheStandbyIT {
    static final String TOKEN = "operator-token-000001";
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/ccrhil_water?user=ccrhil&password=ccrhil";

    @TempDir
    Path dir;

    /** One {@code water server} child JVM and what it printed. */
    static final class Server implements AutoCloseable {
        final String name;
        final int hmiPort;
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();

        Server(String name, String peer, int hmiPort, int peerHmiPort, String historian, Path cfg) throws IOException {
            this.name = name;
            this.hmiPort = hmiPort;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.github.ccrhil.water.verify.cli.WaterMain", "server", "--name", name, "--peer", peer, "--historian", historian,
                    "--config", cfg.toString(), "--hmi-port", Integer.toString(hmiPort),
                    "--peer-hmi", "http://127.0.0.1:" + peerHmiPort + "/", "--duration", "600")
                    .redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
            }, "out-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        String page() {
            return "http://127.0.0.1:" + hmiPort + "/";
        }

        void awaitStarted() throws InterruptedException {
            until(() -> out.stream().anyMatch(l -> l.contains("server " + name) && l.contains(" started ")) || !process.isAlive(),
                    Duration.ofSeconds(90), name + " started");
            assertTrue(process.isAlive(), name + " exited: " + out);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void thePageOfAKilledActiveServerGoesToTheStandbyWhichItThenShowsActive() throws Exception {
        String schema = "hmi_follow_" + Long.toHexString(System.nanoTime()) + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        String historian = PG + "&currentSchema=" + schema;
        int plcBase = FreePorts.consecutive(5);
        int portA = FreePorts.one();
        int portB = FreePorts.one();
        Path cfg = dir.resolve("site.json");
        Files.writeString(cfg, "{\"plcBasePort\":" + plcBase + ",\"apiPort\":0,\"scanPeriodMs\":500,\"dataDir\":\""
                + dir.resolve("data") + "\",\"users\":[{\"name\":\"otto\",\"role\":\"OPERATOR\",\"token\":\"" + TOKEN + "\"}]}");
        List<Server> servers = new ArrayList<>();
        try (RunningPlant plant = RunningPlant.start(new WaterSite(PlantConfig.typical(60), Duration.ofMillis(100)), Instant.now(),
                InetAddress.getLoopbackAddress(), plcBase);
             HeadlessChromium chromium = new HeadlessChromium(1366, 900)) {
            Server a = new Server("scada-a", "scada-b", portA, portB, historian, cfg);
            servers.add(a);
            a.awaitStarted();
            Server b = new Server("scada-b", "scada-a", portB, portA, historian, cfg);
            servers.add(b);
            b.awaitStarted();
            WebDriver browser = chromium.driver;

            browser.get(a.page());
            logIn(browser);
            waitFor(browser, "scada-a ACTIVE on its page", Duration.ofSeconds(20),
                    () -> text(browser, "server").equals("scada-a") && text(browser, "server-state").equals("ACTIVE"));
            assertTrue(!browser.findElement(By.id("contact")).isDisplayed(), "no contact alarm while the server answers");
            until(() -> health(b.page()).replaceAll("\\s", "").contains("\"active\":false"), Duration.ofSeconds(20),
                    () -> "scada-b answers as standby: " + health(b.page()) + " " + b.out);

            long kill = System.nanoTime();
            assertTrue(a.process.toHandle().destroyForcibly(), "SIGKILL sent to scada-a");
            a.process.waitFor();

            waitFor(browser, "the page to say it lost contact, or to have gone to the partner", Duration.ofSeconds(20),
                    () -> browser.getCurrentUrl().startsWith(b.page()) || browser.findElement(By.id("contact")).isDisplayed());
            long lostMs = ms(kill);
            waitFor(browser, "the page to go to scada-b's page", Duration.ofSeconds(30), () -> browser.getCurrentUrl().startsWith(b.page()));
            long followedMs = ms(kill);
            waitFor(browser, "the partner's page to say where it came from", Duration.ofSeconds(10),
                    () -> text(browser, "followed").startsWith("Followed here from scada-a, which stopped answering at "));
            logIn(browser);
            waitFor(browser, "scada-b ACTIVE on its page", Duration.ofSeconds(30),
                    () -> text(browser, "server").equals("scada-b") && text(browser, "server-state").equals("ACTIVE"));
            long activeMs = ms(kill);
            long updates = updates(browser);
            waitFor(browser, "live values on scada-b's page", Duration.ofSeconds(10), () -> updates(browser) >= updates + 3);
            screenshot(browser, "water-hmi-followed.png");
            System.out.printf(Locale.ROOT, "HMI after SIGKILL of the active server: contact loss shown or gone at %d ms, "
                    + "on the standby's page at %d ms, standby shown ACTIVE (after a new login) at %d ms%n", lostMs, followedMs, activeMs);
        } finally {
            for (Server s : servers) {
                s.close();
            }
            try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void logIn(WebDriver browser) {
        waitFor(browser, "the login form", Duration.ofSeconds(20), () -> browser.findElement(By.id("token")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login-button")).click();
        waitFor(browser, "logged in as OPERATOR", Duration.ofSeconds(20), () -> text(browser, "role").equals("OPERATOR"));
    }

    private static long updates(WebDriver browser) {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.hmi.updates;")).longValue();
    }

    private static String health(String page) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page + "api/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void waitFor(WebDriver browser, String what, Duration within, BooleanSupplier condition) {
        new WebDriverWait(browser, within, Duration.ofMillis(50))
                .withMessage(() -> "waited " + within.toMillis() + " ms for " + what + " at " + browser.getCurrentUrl())
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> condition.getAsBoolean());
    }

    private static void until(BooleanSupplier c, Duration max, String what) throws InterruptedException {
        until(c, max, () -> what);
    }

    private static void until(BooleanSupplier c, Duration max, java.util.function.Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, () -> "not within " + max + ": " + what.get());
            Thread.sleep(20); // polling interval of a condition with a deadline
        }
    }
}
