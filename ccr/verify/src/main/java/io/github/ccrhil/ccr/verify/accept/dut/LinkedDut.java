package io.github.ccrhil.ccr.verify.accept.dut;

import io.github.ccrhil.ccr.verify.limits.StepTable;
import io.github.ccrhil.ccr.verify.limits.ToleranceBand;
import io.github.ccrhil.ccr.verify.limits.ToleranceTable;
import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * A DUT at the end of a link (a real CCR, or the emulated one served by {@code serve-ccr}), in
 * wall-clock time. There is no plant here: the trace is what the DUT reports about itself, read
 * every {@code poll} (the plant columns are NaN, except the current when an {@link ExternalMeter}
 * is read alongside), so without a meter verdicts are flagged self-reported. Faults with a coil on
 * the bench's {@link RelayModule} are switched by it; the rest are the operator's. Faults,
 * the key switch and the panel keys are an operator's: each is an instruction the operator
 * confirms, and the confirmation is the moment recorded. While the link is "lost" the verifier
 * sends nothing, so there is no measurement either: those windows are inconclusive unless an
 * external meter is added (not implemented).
 */
public final class LinkedDut implements Dut {

    private final RemoteInterface remote;
    private final Operator operator;
    private final Clock clock;
    private final Duration poll;
    private final StepTable steps;
    private final ToleranceTable tolerances;
    private final long startNanos;
    private boolean linkUp = true;
    private final RelayModule relays;
    private final ExternalMeter meter;

    /**
     * @param remote the DUT's remote interface (Modbus by profile)
     * @param operator the bench operator
     * @param clock wall clock
     * @param poll how often the DUT's self-report is read
     */
    public LinkedDut(TestPlan.Equipment equipment, RemoteInterface remote, Operator operator, Clock clock, Duration poll) {
        this(equipment, remote, operator, clock, poll, null, null);
    }

    /**
     * As above, with bench devices.
     *
     * @param relays the relay module that injects the loop faults it has coils for (open_loop,
     *               short_output, earth_fault, mains_interrupt), or null: the operator does
     * @param meter the external meter read every {@code poll} into the trace's independent
     *              current column, or null
     */
    public LinkedDut(TestPlan.Equipment equipment, RemoteInterface remote, Operator operator, Clock clock, Duration poll,
                       RelayModule relays, ExternalMeter meter) {
        this.relays = relays;
        this.meter = meter;
        this.remote = remote;
        this.operator = operator;
        this.clock = clock;
        this.poll = poll;
        this.steps = equipment.steps();
        this.tolerances = equipment.tolerances();
        this.startNanos = nanos();
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Override
    public double now() {
        return (nanos() - startNanos) / 1e9;
    }

    @Override
    public void advance(Duration length, RowSink sink) throws IOException, DutException {
        double until = now() + length.toNanos() / 1e9;
        while (now() < until) {
            if (linkUp) {
                RemoteInterface.Readout r = remote.read();
                double metered = meter == null ? Double.NaN : meter.currentA();
                int step = r.activeStep();
                ToleranceBand band = step > 0 && step <= steps.stepCount() ? tolerances.band(step) : null;
                sink.accept(new TraceRow(now(), r.state().toUpperCase(Locale.ROOT), step,
                        step > 0 && step <= steps.stepCount() ? steps.nominalCurrentA(step) : 0,
                        band == null ? 0 : band.loA(), band == null ? 0 : band.hiA(), r.currentA(), Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, metered, Double.NaN, Double.NaN, r.failedLamps(), -1, Double.NaN, Double.NaN));
            }
            long sleepMs = StrictMath.max(1, StrictMath.min(poll.toMillis(), (long) ((until - now()) * 1000)));
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DutException("interrupted", e);
            }
        }
    }

    @Override
    public RemoteInterface remote() {
        return remote;
    }

    @Override
    public double measuredCurrentA() throws DutException {
        return meter == null ? remote.read().currentA() : meter.currentA();
    }

    @Override
    public StepTable steps() {
        return steps;
    }

    @Override
    public int lampCount() {
        return -1;
    }

    @Override
    public void keySwitch(KeySwitch s) throws DutException {
        operator.instruct("turn the regulator's key switch to " + s);
    }

    @Override
    public RemoteInterface.Outcome panelStep(int step) throws DutException {
        operator.instruct("select step " + step + " on the regulator's local panel");
        return new RemoteInterface.Outcome(true, "operator confirmed");
    }

    @Override
    public void link(boolean up) {
        linkUp = up;
    }

    @Override
    public Rig rig() {
        return rig;
    }

    /** Switches a relay coil if the module has it; false when the operator must do it. */
    private boolean relay(String coil, boolean on) throws DutException {
        if (relays == null || !relays.has(coil)) {
            return false;
        }
        relays.set(coil, on);
        return true;
    }

    private final Rig rig = new Rig() {
        public int lamps(double fraction) {
            return -1;
        }

        public void shortLamps(int count) throws DutException {
            throw new DutException("the loop's lamp count is not known on this bench: lamp faults need it");
        }

        public void failLamps(int count) throws DutException {
            throw new DutException("the loop's lamp count is not known on this bench: lamp faults need it");
        }

        public void openLoop(boolean open) throws DutException {
            if (relay("open_loop", open)) {
                return;
            }
            operator.instruct(open ? "open the series loop (disconnect one primary cable)" : "close the series loop again");
        }

        public void shortOutput(boolean shorted) throws DutException {
            if (relay("short_output", shorted)) {
                return;
            }
            operator.instruct(shorted ? "short the CCR output terminals" : "remove the short from the CCR output");
        }

        public void earthFaultOhms(double ohms) throws DutException {
            operator.instruct(Double.isInfinite(ohms) ? "remove the earth fault" : String.format(Locale.ROOT,
                    "connect %.3f MΩ from the loop to earth", ohms / 1e6));
        }

        public void gateFault(boolean on) throws DutException {
            throw new DutException("a shorted-thyristor fault cannot be injected on a real CCR from the bench");
        }

        public void interruptSupply(Duration length) throws DutException {
            if (relays != null && relays.has("mains_interrupt")) {
                relays.set("mains_interrupt", true);
                try {
                    Thread.sleep(length.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DutException("interrupted during a supply interruption", e);
                } finally {
                    relays.set("mains_interrupt", false);
                }
                return;
            }
            operator.instruct("interrupt the CCR's supply for " + length.toMillis() + " ms");
        }

        public void supplyDeviation(double perUnit) throws DutException {
            operator.instruct(String.format(Locale.ROOT, "set the supply to %+.0f %% of nominal", perUnit * 100));
        }

        public double baseDeviation() {
            return 0;
        }
    };
}
