package io.github.ccrhil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** serve's scheduling options: a bad value is one line and exit code 2, and nothing starts (the real thing: RealTimeServeIT). */
class ServeRealTimeOptionsTest {

    private record Result(int exit, String out, String err) { }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aRealTimeSettingIsPriorityOneTo99AtCpus() {
        for (String bad : new String[] {"0@1", "100@1", "10", "10@", "high@1"}) {
            Result r = cli("serve", "--tcp", "127.0.0.1:0", "--rt", bad, "--duration", "1s");
            assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
            assertEquals("ccr-hil: --rt wants PRIORITY@CPUS, priority 1..99, e.g. 10@1; not " + bad + "\n", r.err());
            assertEquals("", r.out(), "nothing served");
        }
    }

    @Test
    void noIdlePollGoesWithRt() {
        Result r = cli("serve", "--tcp", "127.0.0.1:0", "--no-idle-poll", "--duration", "1s");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --no-idle-poll goes with --rt PRIO@CPU\n", r.err());
        assertEquals("", r.out(), "nothing served");
    }

    @Test
    void noIsolateGoesWithRt() {
        Result r = cli("serve", "--tcp", "127.0.0.1:0", "--no-isolate", "--duration", "1s");
        assertEquals(Main.EXIT_INPUT, r.exit(), r.out() + r.err());
        assertEquals("ccr-hil: --no-isolate goes with --rt PRIO@CPU\n", r.err());
        assertEquals("", r.out(), "nothing served");
    }
}
