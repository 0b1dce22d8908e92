package io.github.ccrhil.it.panel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ccrhil.ccr.emulator.device.FirmwareLoop;
import io.github.ccrhil.ccr.firmware.board.BoardState;
import io.github.ccrhil.ccr.firmware.board.Selector;
import io.github.ccrhil.ccr.firmware.control.ToleranceBand;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.firmware.panel.DisplayPanel;
import io.github.ccrhil.ccr.firmware.panel.PanelConfig;
import io.github.ccrhil.ccr.panelweb.PanelAccess;
import io.github.ccrhil.ccr.panelweb.PanelWebServer;
import io.github.ccrhil.it.ServedReferenceCcr;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.pdu.ExceptionCode;
import io.github.ccrhil.modbus.profile.ProfileClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The CCR's display panel in a real browser (Debian's chromium, headless), against the reference
 * CCR served as it is by {@code serve}: the firmware loop in real time, its Modbus device on
 * loopback TCP, and the panel page over the same board under the same lock.
 */
@Timeout(120)
class CcrPanelBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ServedReferenceCcr ccr;
    static FirmwareLoop loop;
    static DisplayPanel panel;
    static PanelWebServer page;
    static ModbusTcpServer modbus;
    static ModbusTcpClient client;
    static ProfileClient remote;
    static HeadlessChromium chromium;
    static WebDriver browser;
    /** The sessions' clock: the wall clock, moved forward to let a session expire. */
    static final AtomicReference<Duration> sessionClockOffset = new AtomicReference<>(Duration.ZERO);

    @BeforeAll
    static void serve() throws Exception {
        ccr = new ServedReferenceCcr();
        panel = new DisplayPanel(ccr.board, ccr.clock, PanelConfig.defaults());
        modbus = new ModbusTcpServer(ccr.device.serverCore(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        client = new ModbusTcpClient(modbus.address(), Duration.ofSeconds(2));
        remote = new ProfileClient(client, ccr.device.profile());
        loop = ccr.startFirmware();
        InstantSource sessionClock = () -> Clock.systemUTC().instant().plus(sessionClockOffset.get());
        page = PanelWebServer.start(PanelAccess.locked(panel, ccr.lock), new InetSocketAddress("127.0.0.1", 0),
                new PanelWebServer.Options(Duration.ofMillis(100), Duration.ofMinutes(15), sessionClock, false));
        chromium = new HeadlessChromium(1366, 768);
        browser = chromium.driver;
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (page != null) {
                page.close();
            }
            if (loop != null) {
                loop.close();
            }
            if (client != null) {
                client.close();
            }
            if (modbus != null) {
                modbus.close();
            }
        }
    }

    /** Each test starts from the key at REMOTE, nothing commanded, the loop closed and no trip; a fresh page. */
    @BeforeEach
    void freshPanelAndRegulator() {
        sessionClockOffset.set(Duration.ZERO);
        synchronized (ccr.lock) {
            ccr.port.plant().conditions().setLoopOpen(false);
            if (ccr.board.state() instanceof BoardState.Tripped || ccr.board.state() instanceof BoardState.LockedOut) {
                panel.reset();
            }
            panel.turnSelector(Selector.LOCAL);
            panel.selectStep(0);
            panel.turnSelector(Selector.REMOTE);
        }
        browser.get(page.url());
        waitFor("the page's first update", Duration.ofSeconds(10), () -> text("selector").equals("REMOTE")
                && text("active-step").equals("0") && !browser.findElements(By.id("key-step-5")).isEmpty());
    }

    // ---------------------------------------------------------------- the requirement's cases

    @Test
    void thePanelOpensAndUpdatesAtLeastFiveTimesASecond() {
        assertEquals("5", text("step-count"));
        assertEquals("CCR display panel", browser.getTitle());
        long before = updates();
        long t0 = System.nanoTime();
        waitFor("three seconds of updates", Duration.ofSeconds(10), () -> System.nanoTime() - t0 >= 3_000_000_000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double perSecond = (updates() - before) / seconds;
        assertTrue(perSecond >= 5, "page updates per second, counted in the browser: " + perSecond);
        Map<?, ?> size = (Map<?, ?>) js().executeScript("return {w: document.documentElement.scrollWidth,"
                + " h: document.documentElement.scrollHeight, vw: window.innerWidth, vh: window.innerHeight};");
        assertTrue(((Number) size.get("w")).longValue() <= ((Number) size.get("vw")).longValue(),
                "no horizontal scrolling at 1366x768: " + size);
        assertTrue(((Number) size.get("h")).longValue() <= ((Number) size.get("vh")).longValue(),
                "everything on one 1366x768 screen: " + size);
    }

    @Test
    void aLocalStepKeyPressedInRemoteIsRefusedAndShownAsRefused() {
        browser.findElement(By.id("key-step-3")).click();
        waitFor("the refusal", Duration.ofSeconds(10), () -> text("message").startsWith("Refused"));
        assertEquals("Refused: local step 3: selector REMOTE: local step keys inactive.", text("message"));
        assertTrue(browser.findElement(By.id("message")).getAttribute("class").contains("refused"));
        waitFor("the refusal in the board's event log", Duration.ofSeconds(5),
                () -> eventLog().contains("COMMAND REFUSED: select step 3 from LOCAL_PANEL: selector REMOTE: local step keys inactive"));
        assertEquals("0", text("commanded-step"));
        synchronized (ccr.lock) {
            assertEquals(0, panel.view().commandedStep(), "the refused key changed nothing");
        }
    }

    @Test
    void inLocalStepThreeSettlesInItsBandOnThePageAndAgreesWithAModbusRead() throws Exception {
        ToleranceBand band = ToleranceTables.byName("UFC-3-535-01", ccr.steps).band(3);
        browser.findElement(By.id("key-local")).sendKeys(Keys.ENTER);
        waitFor("the key switch at LOCAL", Duration.ofSeconds(10), () -> text("selector").equals("LOCAL"));
        browser.findElement(By.id("key-step-3")).sendKeys(Keys.ENTER);
        waitFor("the key's answer", Duration.ofSeconds(10), () -> text("message").startsWith("Accepted"));
        assertEquals("Accepted: local step 3.", text("message"));
        // settled: inside the band on the page for a whole second
        long[] inBandSince = {-1};
        waitFor("page current in step 3's band " + band + " for 1 s", Duration.ofSeconds(20), () -> {
            double i = number("current");
            long now = System.nanoTime();
            if (i < band.loA() || i > band.hiA() || !text("active-step").equals("3")) {
                inBandSince[0] = -1;
                return false;
            }
            if (inBandSince[0] < 0) {
                inBandSince[0] = now;
            }
            return now - inBandSince[0] >= 1_000_000_000L;
        });
        double onPage = number("current");
        double overModbus = remote.readNumber("output_current");
        double onPageAfter = number("current");
        assertTrue(overModbus >= band.loA() && overModbus <= band.hiA(), "Modbus output_current " + overModbus + " in " + band);
        assertEquals(overModbus, (onPage + onPageAfter) / 2, 0.05, "page and Modbus read of the same CCR agree");
        assertEquals(3.0, remote.readNumber("actual_step"));

        // a remote command in LOCAL: refused over the link, and shown as refused on the panel
        ModbusExceptionResponse refused = assertThrows(ModbusExceptionResponse.class, () -> remote.write("command_step", 2));
        assertEquals(ExceptionCode.ILLEGAL_FUNCTION, refused.code());
        waitFor("the remote refusal on the panel", Duration.ofSeconds(5),
                () -> eventLog().contains("COMMAND REFUSED: select step 2 from REMOTE: selector LOCAL: remote commands refused"));
        assertEquals("3", text("commanded-step"));
        screenshot("ccr-panel.png");
    }

    @Test
    void anOpenLoopTripsAndTheTripAndItsCauseAppearWithinThreeSeconds() {
        synchronized (ccr.lock) {
            panel.turnSelector(Selector.LOCAL);
            panel.selectStep(3);
        }
        waitFor("regulating at step 3", Duration.ofSeconds(20),
                () -> text("state").equals("REGULATING") && text("active-step").equals("3"));
        long opened;
        synchronized (ccr.lock) {
            ccr.port.plant().conditions().setLoopOpen(true);
            opened = System.nanoTime();
        }
        waitFor("TRIPPED and its cause on the page", Duration.ofSeconds(10),
                () -> text("state").equals("TRIPPED") && text("trip-cause").equals("OPEN_CIRCUIT"));
        double seconds = (System.nanoTime() - opened) / 1e9;
        assertTrue(seconds <= 3.0, "trip and cause shown " + seconds + " s after the loop opened");
        assertTrue(browser.findElement(By.id("state")).getAttribute("class").contains("abnormal"));
        waitFor("the open-circuit alarm, unacknowledged", Duration.ofSeconds(5), () -> text("alarms").contains("OPEN_CIRCUIT"));
        assertTrue(browser.findElement(By.id("alarm-OPEN_CIRCUIT")).getText().contains("NO (unacknowledged)"));
        browser.findElement(By.id("acknowledge")).click();
        waitFor("the alarms acknowledged", Duration.ofSeconds(10),
                () -> browser.findElement(By.id("alarm-OPEN_CIRCUIT")).getText().contains("yes"));
        screenshot("ccr-panel-tripped.png");
    }

    @Test
    void badInputGetsAClearMessageAndChangesNothing() {
        browser.findElement(By.id("key-local")).click();
        waitFor("LOCAL", Duration.ofSeconds(10), () -> text("selector").equals("LOCAL"));

        // out of range: the board refuses, with its reason
        enterStep("9");
        waitFor("the answer to step 9", Duration.ofSeconds(10), () -> text("message").contains("step 9"));
        assertEquals("Refused: local step 9: step 9 outside 0..5.", text("message"));
        enterStep("abc");
        waitFor("the answer to 'abc'", Duration.ofSeconds(10), () -> text("message").contains("abc"));
        assertEquals("Step must be a whole number, was 'abc'. Nothing was done.", text("message"));
        assertEquals("0", text("commanded-step"));

        // double submit: the same submission sent twice acts once
        @SuppressWarnings("unchecked")
        List<Object> answers = (List<Object>) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const body = () => new URLSearchParams({session: window.ccrPanel.session(), submission: 'twice-1', action: 'up', value: ''});"
                + "const send = () => fetch('/api/panel/command', {method: 'POST', body: body()}).then(r => r.json().then(j => r.status + ' ' + j.message));"
                + "send().then(a => send().then(b => done([a, b])));");
        assertEquals("200 Accepted: step up.", answers.get(0));
        assertEquals("409 Already submitted (double submit): step up was not sent again.", answers.get(1));
        waitFor("commanded step 1 (once)", Duration.ofSeconds(5), () -> text("commanded-step").equals("1"));
        synchronized (ccr.lock) {
            assertEquals(1, panel.view().commandedStep());
        }

        // an expired session: the page is told to reload and nothing is done
        sessionClockOffset.set(Duration.ofMinutes(16));
        browser.findElement(By.id("key-step-4")).click();
        waitFor("the expiry message", Duration.ofSeconds(10), () -> text("message").startsWith("Session expired"));
        assertEquals("Session expired (idle 16 min, limit 15 min): reload the page. Nothing was done.", text("message"));
        synchronized (ccr.lock) {
            assertEquals(1, panel.view().commandedStep(), "nothing changed");
        }
        assertEquals("1", text("commanded-step"));
    }

    /** Model change (the key switch turned in the board) to page change (seen by a MutationObserver in the browser). */
    @Test
    void updateLatencyFromModelChangeToPageChangeIsMeasuredInTheBrowser() throws IOException {
        js().executeScript("window.__seen = []; const el = document.getElementById('selector');"
                + "new MutationObserver(() => window.__seen.push([el.textContent, Date.now()]))"
                + ".observe(el, {childList: true, characterData: true, subtree: true});");
        List<Long> latencies = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            Selector to = k % 2 == 0 ? Selector.OFF : Selector.REMOTE;
            int seenBefore = ((Number) js().executeScript("return window.__seen.length;")).intValue();
            long changedAt;
            synchronized (ccr.lock) {
                panel.turnSelector(to);
                changedAt = System.currentTimeMillis();
            }
            long[] shownAt = {-1};
            waitFor("the page showing " + to, Duration.ofSeconds(10), () -> {
                @SuppressWarnings("unchecked")
                List<List<Object>> seen = (List<List<Object>>) js().executeScript("return window.__seen.slice(" + seenBefore + ");");
                for (List<Object> s : seen) {
                    if (s.get(0).equals(to.name())) {
                        shownAt[0] = ((Number) s.get(1)).longValue();
                        return true;
                    }
                }
                return false;
            });
            latencies.add(shownAt[0] - changedAt);
        }
        Collections.sort(latencies);
        long median = latencies.get(latencies.size() / 2);
        long p90 = latencies.get((int) StrictMath.ceil(latencies.size() * 0.9) - 1);
        long max = latencies.get(latencies.size() - 1);
        String report = String.format(Locale.ROOT, "CCR panel update latency, model change to page change, %d changes: "
                + "min %d ms, median %d ms, p90 %d ms, max %d ms (publish period 100 ms)%n",
                latencies.size(), latencies.get(0), median, p90, max);
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve("ccr-panel-latency.txt"), report);
        System.out.print(report);
        assertTrue(latencies.get(0) >= 0, "a page change cannot precede the model change: " + latencies);
        assertTrue(median <= 200, "median latency within two publish periods: " + report);
        assertTrue(max <= 1000, "no change took a second to show: " + report);
    }

    // ---------------------------------------------------------------- helpers

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private static double number(String id) {
        return Double.parseDouble(text(id));
    }

    private static long updates() {
        return ((Number) js().executeScript("return window.ccrPanel.updates;")).longValue();
    }

    private static String eventLog() {
        return text("events");
    }

    private static void enterStep(String value) {
        var field = browser.findElement(By.id("step-entry"));
        field.clear();
        field.sendKeys(value, Keys.ENTER);
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code within} has passed. */
    private static void waitFor(String what, Duration within, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, within, Duration.ofMillis(50))
                .withMessage(() -> "waited " + within.toMillis() + " ms for " + what + "; page message: '"
                        + browser.findElement(By.id("message")).getText() + "'")
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }

}
