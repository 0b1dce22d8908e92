package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The panel options of serve, simulate and accept: a bad value is one line and exit code 2, and nothing starts. */
class PanelWebOptionsTest {

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownKeySwitchPositionIsRefusedBeforeAnythingIsServed() {
        Result r = cli("serve", "--tcp", "127.0.0.1:0", "--key-switch", "sideways", "--duration", "1s");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --key-switch must be remote, local or off, was sideways\n", r.err());
        assertEquals("", r.out(), "nothing served");
    }

    @Test
    void aPanelAddressMustBeHostAndPort() {
        Result r = cli("serve", "--tcp", "127.0.0.1:0", "--panel-web", "8080", "--duration", "1s");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --panel-web must be host:port, was 8080\n", r.err());
        assertEquals(new InetSocketAddress("::1", 8080), PanelWebOption.parse("[::1]:8080"));
    }

    @Test
    void simulateShowsThePanelOnlyInRealTime() {
        Result r = cli("simulate", "--panel-web", "127.0.0.1:0", "--no-plot", "--no-progress");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("ccr-hil: --panel-web needs --realtime (in simulated time the run is over before a page could follow it)",
                r.err().strip());
    }

    @Test
    void acceptTakesThePanelOnlyFromTheEmulatedCcr() {
        Result r = cli("accept", "--dut", "tcp:127.0.0.1:1", "--panel-web", "127.0.0.1:0");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --panel-web shows the emulated CCR's own panel; a DUT at the end of a link has its own",
                r.err().strip());
    }
}
