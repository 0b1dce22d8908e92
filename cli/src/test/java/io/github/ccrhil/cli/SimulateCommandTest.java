package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void theDefaultScenarioPrintsThePanelAndSummaryAndWritesTraceAndPlot() throws IOException {
        Result r = cli("simulate", "--out", dir.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("STEP"), "panel missing:\n" + r.out());
        assertTrue(r.out().contains("trip at 22.00 s: OPEN_CIRCUIT"), r.out());
        List<String> trace = Files.readAllLines(dir.resolve("trace.csv"));
        assertTrue(trace.stream().anyMatch(l -> l.startsWith("# component current-control software")), "identity in header");
        assertEquals(2400, trace.stream().filter(l -> !l.startsWith("#") && !l.startsWith("t_s")).count());
        BufferedImage png = ImageIO.read(dir.resolve("plot.png").toFile());
        assertNotNull(png, "plot.png is not a readable PNG");
        assertTrue(png.getWidth() >= 1000);
    }

    @Test
    void aBadScenarioGivesOneLineNamingFileLineAndFieldAndExitTwo() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                name: bad
                duration: 2s
                ccr: { ratedKva: 10, steps: 6.6A-5step, tolerances: UFC-3-535-01 }
                mains: { voltage: 400, frequency: 55 }
                loop: { load: 80%, cableLength: 4000 }
                """);
        Result r = cli("simulate", bad.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.yaml:4: mains.frequency: must be 50 or 60"), r.err());
    }

    @Test
    void anUnknownStepTableIsAOneLineErrorNotAStackTrace() throws IOException {
        Path bad = dir.resolve("table.yaml");
        Files.writeString(bad, """
                name: table
                duration: 2s
                ccr: { ratedKva: 10, steps: 7A-9step, tolerances: UFC-3-535-01 }
                mains: { voltage: 400, frequency: 50 }
                loop: { load: 80%, cableLength: 4000 }
                """);
        Result r = cli("simulate", bad.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aMissingFileAndABadOptionAreOneLineErrors() {
        Result missing = cli("simulate", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.yaml") && missing.err().contains("cannot read"), missing.err());
        Result option = cli("simulate", "--fidelity", "quantum", "--out", dir.toString());
        assertEquals(2, option.exit());
        assertEquals(1, option.err().strip().lines().count(), option.err());
        Result unknown = cli("simulate", "--bogus");
        assertEquals(2, unknown.exit());
    }

    @Test
    void tablesPrintsEveryStepTableWithItsSource() {
        Result r = cli("tables");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("UFC 3-535-01"), r.out());
        assertTrue(r.out().contains("MIL-HDBK-1023/4"), r.out());
        assertTrue(r.out().contains("20.00"), r.out());
    }
}
