package io.github.ccrhil.ccr.verify.accept.plan;

import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.host.HostJudgement;
import java.util.List;
import java.util.Objects;

/**
 * A test plan: data (YAML or JSON), read by {@link PlanReader}.
 *
 * @param name plan name
 * @param seed seeds every random source of an emulated run
 * @param dut the device under test and its register profile
 * @param rig how faults reach the loop
 * @param measurement where the judged current comes from
 * @param equipment the rating the plan is written for (and that the emulated DUT is built to)
 * @param identity the components the plan declares; the DUT must report exactly these
 * @param tests the tests, in run order
 * @param rigDevice the relay module (rig relay-module), else null
 * @param meterDevice the meter (measurement external-meter), else null
 * @param samplingGap the longest the verifier may go without a sample of the DUT inside a judged
 *     stretch (plan {@code timing: sampling-gap}); past it, a wall-clock run fell behind and is not
 *     valid for timing judgements
 * @param hostLimits the verifier host's own limits during a timed test (plan {@code timing: host-other-cpu,
 *     host-stall, host-gc, host-load}): where the DUT runs on the verifier's own host
 *     ({@link DutSpec#sharesVerifierHost()}), a timing missed while the host was past one of them is
 *     the host's doing, not the DUT's, and is INCONCLUSIVE; a DUT on its own hardware is judged on
 *     its timing whatever the verifier's host did (the verifier's own pace is {@code samplingGap})
 */
public record TestPlan(String name, long seed, DutSpec dut, Rig rig, Measurement measurement, Equipment equipment,
                       List<DeclaredComponent> identity, List<TestSpec> tests, Device rigDevice, Device meterDevice,
                       Limit samplingGap, HostJudgement.Limits hostLimits) {

    /**
     * The sampling gap a plan without {@code timing:} is judged against: five of the wall-clock
     * verifier's 100 ms polls. A default: no standard bounds a test instrument's sampling gap; half
     * a second is a quarter of the shortest time limit of the default plan (2 s trip times), so a
     * run that kept within it cannot move a timing verdict across its limit by more than that.
     */
    public static final Limit DEFAULT_SAMPLING_GAP = new Limit("verifier sampling gap", 0.5, "s",
            Provenance.defaultValue("five of the wall-clock verifier's 100 ms polls; no standard bounds a test instrument's"
                    + " sampling gap"));

    /**
     * The verifier host's limits a plan without {@code timing: host-…} is judged against: the same
     * figures as the water suite's (one rule for every verifier of this project), with reasons in
     * terms of the CCR's timings.
     */
    public static final HostJudgement.Limits DEFAULT_HOST_LIMITS = new HostJudgement.Limits(
            new Limit("CPU taken by other processes during the run", 0.25, "of the machine",
                    Provenance.defaultValue("a quarter of the machine: beyond it a DUT served on the verifier's host no longer has the "
                            + "CPU its real-time loop was sized for; no standard figure read")),
            new Limit("longest stall of the verifier's host sampler during the run", 100, "ms",
                    Provenance.defaultValue("a 200 ms sleep that ends over 100 ms late: the host's CPUs were taken away for ten mains "
                            + "half-cycles, a twentieth of the default plan's shortest time limit (2 s); no standard figure read")),
            new Limit("garbage collection in the verifier during the run", 200, "ms",
                    Provenance.defaultValue("a tenth of the default plan's shortest time limit (2 s) spent collecting garbage; "
                            + "no standard figure read")),
            new Limit("load average per CPU during the run", 2, "runnable per CPU",
                    Provenance.defaultValue("twice as many runnable threads as CPUs: every thread, the served DUT's real-time loop "
                            + "among them, waits as long as it runs; no standard figure read")));

    public TestPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(samplingGap, "samplingGap");
        Objects.requireNonNull(hostLimits, "hostLimits");
        identity = List.copyOf(identity);
        tests = List.copyOf(tests);
    }

    /** A plan with its sampling gap and the default host limits. */
    public TestPlan(String name, long seed, DutSpec dut, Rig rig, Measurement measurement, Equipment equipment,
                    List<DeclaredComponent> identity, List<TestSpec> tests, Device rigDevice, Device meterDevice, Limit samplingGap) {
        this(name, seed, dut, rig, measurement, equipment, identity, tests, rigDevice, meterDevice, samplingGap, DEFAULT_HOST_LIMITS);
    }

    /** A plan with bench devices and the default sampling gap. */
    public TestPlan(String name, long seed, DutSpec dut, Rig rig, Measurement measurement, Equipment equipment,
                    List<DeclaredComponent> identity, List<TestSpec> tests, Device rigDevice, Device meterDevice) {
        this(name, seed, dut, rig, measurement, equipment, identity, tests, rigDevice, meterDevice, DEFAULT_SAMPLING_GAP);
    }

    /** This plan against another DUT address or profile, everything else kept. */
    public TestPlan withDut(DutSpec other) {
        return new TestPlan(name, seed, other, rig, measurement, equipment, identity, tests, rigDevice, meterDevice, samplingGap,
                hostLimits);
    }

    /** This plan under another seed, everything else kept. */
    public TestPlan withSeed(long other) {
        return new TestPlan(name, other, dut, rig, measurement, equipment, identity, tests, rigDevice, meterDevice, samplingGap,
                hostLimits);
    }

    /** A plan without bench devices (emulated plant or operator rig; plant trace or self-report). */
    public TestPlan(String name, long seed, DutSpec dut, Rig rig, Measurement measurement, Equipment equipment,
                    List<DeclaredComponent> identity, List<TestSpec> tests) {
        this(name, seed, dut, rig, measurement, equipment, identity, tests, null, null);
    }

    /**
     * A Modbus device on the bench: a relay module or a meter.
     *
     * @param address "tcp:&lt;host:port&gt;" or "rtu:&lt;tty&gt;"
     * @param profile its register profile (a file, relative to the plan's folder or absolute)
     * @param unit the unit id, or −1 for the profile's
     * @param point for a meter, the point that reads the loop current (default loop_current_rms)
     */
    public record Device(String address, String profile, int unit, String point) { }

    /** How faults are injected. */
    public enum Rig {
        /** Through the emulated plant's fault-injection interface. */
        EMULATED_PLANT,
        /** Through a Modbus relay or I/O module on a physical bench . */
        RELAY_MODULE,
        /** By a prompt to an operator, whose confirmation is timestamped . */
        OPERATOR_PROMPT
    }

    /** Where the judged loop current comes from. */
    public enum Measurement {
        /** The emulated plant's own trace: independent of the DUT. */
        PLANT_TRACE,
        /** A true-rms meter read over Modbus: independent . */
        EXTERNAL_METER,
        /** What the DUT reports about itself: every verdict is flagged self-reported. */
        DUT_SELF_REPORT;

        public boolean independent() {
            return this != DUT_SELF_REPORT;
        }
    }

    /**
     * The DUT. {@code address} is "emulated", "rtu:&lt;tty&gt;" or "tcp:&lt;host:port&gt;";
     * {@code profile} names the register profile ("reference-ccr" or a file).
     */
    public record DutSpec(String address, String profile) {
        public boolean emulated() {
            return address.equals("emulated") || address.startsWith("emulated");
        }

        /**
         * True when the address says the DUT runs on the verifier's own host: Modbus TCP to a
         * loopback address ({@code 127.x.x.x}, {@code localhost}, {@code ::1}), or RTU on a
         * pseudo-terminal ({@code /dev/pts/…}, {@code /dev/pty…}, whose other end is a process
         * here). Such a DUT shares the verifier's CPUs: starved with them, its timing is the
         * host's. A real CCR reached through a tunnel to a loopback port would be counted as
         * sharing the host (its missed timings INCONCLUSIVE on a loaded verifier host, never PASS).
         * An emulated DUT runs in simulated time and shares nothing.
         */
        public boolean sharesVerifierHost() {
            if (address.startsWith("tcp:")) {
                String hp = address.substring(4);
                String host = hp.startsWith("[") ? hp.substring(1, Math.max(1, hp.indexOf(']')))
                        : hp.lastIndexOf(':') > 0 ? hp.substring(0, hp.lastIndexOf(':')) : hp;
                return host.startsWith("127.") || host.equalsIgnoreCase("localhost") || host.equals("::1");
            }
            if (address.startsWith("rtu:")) {
                String tty = address.substring(4);
                return tty.startsWith("/dev/pts/") || tty.startsWith("/dev/pty") || tty.startsWith("/dev/ttyp");
            }
            return false;
        }
    }

    /**
     * @param ratedKva regulator rating, kVA
     * @param stepTable step table name
     * @param toleranceTable tolerance table name (the bands step accuracy is judged against)
     * @param mainsVoltage nominal input, V
     * @param mainsHz mains frequency, Hz
     * @param cableLengthM loop cable length, m
     * @param ledFraction share of LED lamps
     */
    public record Equipment(double ratedKva, String stepTable, String toleranceTable, double mainsVoltage,
                            double mainsHz, double cableLengthM, double ledFraction,
                            io.github.ccrhil.ccr.verify.limits.StepTable steps,
                            io.github.ccrhil.ccr.verify.limits.ToleranceTable tolerances) { }

    /**
     * A component the plan declares. {@code sha256} may be {@value #REFERENCE_BUILD}: the hash the
     * reference emulated CCR of this very build of ccr-hil reports for that component under the
     * plan's equipment (each component hashed over its own classes and configuration).
     */
    public record DeclaredComponent(String component, String model, String revision, String sha256) {
        public static final String REFERENCE_BUILD = "reference-build";
    }
}
