package io.github.ccrhil.hil.accept.dut;

import io.github.ccrhil.firmware.board.BoardConfig;
import io.github.ccrhil.hil.accept.plan.Conditions;
import io.github.ccrhil.hil.accept.plan.TestPlan;
import io.github.ccrhil.hil.accept.procedure.Procedures;
import io.github.ccrhil.hil.link.master.J2modMaster;
import io.github.ccrhil.hil.link.master.ModbusMaster;
import io.github.ccrhil.hil.link.profile.Profile;
import io.github.ccrhil.hil.link.serial.SerialSettings;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Sessions on a DUT at {@code tcp:<host:port>} or {@code rtu:<tty>} (19200 8N1), read through the
 * plan's register profile, in wall-clock time, with an operator as the rig. Before a run at a new
 * operating point the operator is asked to set the bench to it.
 */
public final class LinkedDutSession implements Procedures.Session, AutoCloseable {

    /** How often the DUT's self-report is read during a run. */
    public static final Duration POLL = Duration.ofMillis(100);

    private final TestPlan plan;
    private final ModbusRemote remote;
    private final Operator operator;
    private final Clock clock;
    private Conditions.Point bench;

    /**
     * @param operatorFactory builds the operator, given how to keep the link alive while it waits
     */
    public LinkedDutSession(TestPlan plan, String address, Profile profile, Duration timeout, Clock clock,
                            java.util.function.Function<Operator.Waiting, Operator> operatorFactory) {
        ModbusRemote.requirePoints(profile);
        this.plan = plan;
        this.clock = clock;
        ModbusMaster master;
        if (address.startsWith("tcp:")) {
            String hp = address.substring(4);
            int colon = hp.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("expected tcp:<host:port>, was '" + address + "'");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected tcp:<host:port>, was '" + address + "'");
            }
            master = J2modMaster.tcp(new InetSocketAddress(hp.substring(0, colon), port), timeout);
        } else if (address.startsWith("rtu:")) {
            master = J2modMaster.rtu(SerialSettings.of8N1(address.substring(4), 19200), null, timeout);
        } else {
            throw new IllegalArgumentException("expected tcp:<host:port> or rtu:<tty>, was '" + address + "'");
        }
        this.remote = new ModbusRemote(master, profile, address);
        this.operator = operatorFactory.apply(remote::keepAlive);
    }

    @Override
    public Dut open(Conditions.Point point, long seed, UnaryOperator<BoardConfig> configure) throws DutException {
        if (!point.equals(bench)) {
            operator.instruct(String.format(Locale.ROOT,
                    "set the bench to load %.0f %% of rating, supply %+.0f %% of nominal, %.0f %% of lamps failed",
                    point.load() * 100, point.input() * 100, point.failed() * 100));
            bench = point;
        }
        return new RealTimeDut(plan.equipment(), remote, operator, clock, POLL);
    }

    public String describe() {
        return remote.describe() + ", wall-clock time, operator as rig, self-reported measurement";
    }

    @Override
    public void close() {
        remote.close();
    }
}
