package io.github.ccrhil.bench.security;

import io.github.ccrhil.ccr.emulator.device.CcrModbusDevice;
import io.github.ccrhil.ccr.emulator.device.PowerStageDevice;
import io.github.ccrhil.ccr.emulator.sim.CcrSimulation;
import io.github.ccrhil.ccr.firmware.board.ControlBoard;
import io.github.ccrhil.ccr.firmware.control.StepTable;
import io.github.ccrhil.ccr.firmware.control.StepTables;
import io.github.ccrhil.ccr.firmware.control.ToleranceTables;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import io.github.ccrhil.evidence.time.SimulatedClock;
import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.client.ModbusExceptionResponse;
import io.github.ccrhil.modbus.link.MalformedFrames;
import io.github.ccrhil.modbus.profile.Point;
import io.github.ccrhil.modbus.profile.Profile;
import io.github.ccrhil.modbus.profile.Table;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.server.ServerCounters;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.water.plant.plc.PlcServer;
import io.github.ccrhil.water.plant.site.WaterSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The soak: at least a million random, malformed and mutated frames sent to each of our
 * running servers, then the checks: 0 crashes (the server still answers, no thread died), 0
 * state changes (every coil and holding register of its profile read back as before), and valid
 * reads answered within their normal latency afterwards (the same reads timed before the flood
 * and after it). Not a JMH benchmark: a soak with its own command.
 *
 * <p>Servers, each served as the {@code ccr-hil} commands serve it: the reference CCR's remote
 * interface over Modbus/TCP, the same over Modbus RTU on a socat pty pair, the power stage over
 * Modbus/TCP, and the water plant's chlorination PLC over Modbus/TCP. Frames come from {@link
 * MalformedFrames} without write function codes (so that any state change is a defect, not a
 * write the device rightly obeyed). Over TCP every frame reaches the server's parser: frames with
 * an honest MBAP header are streamed on a kept connection, the others each go on a connection of
 * their own (see {@link #streamTcp}); over the pty they are written as RTU frames paced by a
 * 0.2 ms inter-frame gap, so the parser sees some run together, as on a noisy line.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.github.ccrhil.bench.security.HostileFrameSoak [frames per server, default 1000000]
 *     [--only ccr-tcp|ccr-pty|power-stage|water-plc]</pre>
 *
 * Exit code 0 when every server passed, 1 otherwise.
 */
public final class HostileFrameSoak {

    private static final int SENDERS = 2;
    private static final int LATENCY_READS = 200;
    private static final long SEED = 15;

    private HostileFrameSoak() { }

    /** One soak's figures. */
    record Result(String server, String parser, long frames, double seconds, long crashes, List<String> stateChanges,
                  double[] before, double[] after, ServerCounters.Snapshot counters) {
        boolean passed() {
            return crashes == 0 && stateChanges.isEmpty() && after[2] <= Math.max(5 * before[2], before[2] + 50);
        }
    }

    public static void main(String[] args) throws Exception {
        long frames = 1_000_000;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else {
                frames = Long.parseLong(args[i].replace("_", ""));
            }
        }
        AtomicLong uncaught = new AtomicLong();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            uncaught.incrementAndGet();
            System.err.println("uncaught in " + t.getName() + ": " + e);
        });
        List<Result> results = new ArrayList<>();
        if (only == null || only.equals("ccr-tcp")) {
            results.add(ccrOverTcp(frames, uncaught));
        }
        if (only == null || only.equals("ccr-pty")) {
            results.add(ccrOverPty(frames, uncaught));
        }
        if (only == null || only.equals("power-stage")) {
            results.add(powerStage(frames, uncaught));
        }
        if (only == null || only.equals("water-plc")) {
            results.add(waterPlc(frames, uncaught));
        }
        System.out.println();
        System.out.println("| server | parser | frames | rate | crashes | state changes | valid reads before: median / p99 / max ms | after | server counted |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        boolean ok = true;
        for (Result r : results) {
            ok &= r.passed();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,.0f/s | %d | %s | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %,d requests, %,d dropped, %,d other unit |%n",
                    r.server(), r.parser(), r.frames(), r.frames() / r.seconds(), r.crashes(),
                    r.stateChanges().isEmpty() ? "0" : r.stateChanges().size() + ": " + r.stateChanges(),
                    r.before()[0], r.before()[1], r.before()[2], r.after()[0], r.after()[1], r.after()[2],
                    r.counters().requests(), r.counters().droppedFrames(), r.counters().otherUnit());
        }
        System.out.println("load average at the end: " + loadAverage());
        System.exit(ok ? 0 : 1);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static ControlBoard referenceBoard(SimulatedClock clock) {
        StepTable steps = StepTables.SIX_SIX_FIVE_STEP;
        return new ControlBoard(CcrSimulation.boardConfig(steps, ToleranceTables.byName("UFC-3-535-01", steps), 50, 400), clock);
    }

    static Result ccrOverTcp(long frames, AtomicLong uncaught) throws Exception {
        CcrModbusDevice device = new CcrModbusDevice(referenceBoard(new SimulatedClock()), new Object());
        try (ModbusTcpServer server = new ModbusTcpServer(device.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), device.profile().unitId())) {
            return overTcp("reference CCR remote interface", server, device.profile(), frames, uncaught);
        }
    }

    static Result powerStage(long frames, AtomicLong uncaught) throws Exception {
        PlantConfig config = new PlantConfig(400, 50, 10_000, 6.6, LoopConfig.forLoad(10_000, 6.6, 0.8, 0.3, 3000, 50),
                200, 1, 0.002, 1L);
        PowerStageDevice stage = new PowerStageDevice(Plants.waveform(config), null);
        try (ModbusTcpServer server = new ModbusTcpServer(stage.serverCore(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), stage.profile().unitId())) {
            return overTcp("power stage", server, stage.profile(), frames, uncaught);
        }
    }

    static Result waterPlc(long frames, AtomicLong uncaught) throws Exception {
        WaterSite site = new WaterSite(io.github.ccrhil.water.plant.PlantConfig.typical(60), Duration.ofMillis(100));
        try (PlcServer plc = PlcServer.startOnLoopback(site.plc(WaterSite.CHLORINATION))) {
            Profile profile = plc.plc().memory().profile();
            int unit = plc.plc().unitId();
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), plc.port());
            return overTcp("water PLC (chlorination)", at, unit, profile, frames, uncaught, () -> plc.counters());
        }
    }

    private static Result overTcp(String name, ModbusTcpServer server, Profile profile, long frames, AtomicLong uncaught)
            throws Exception {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        return overTcp(name, at, profile.unitId(), profile, frames, uncaught, () -> server.counters().snapshot());
    }

    private static Result overTcp(String name, InetSocketAddress at, int unit, Profile profile, long frames, AtomicLong uncaught,
                                  Supplier<ServerCounters.Snapshot> counters) throws Exception {
        System.err.println(name + " over Modbus/TCP: " + frames + " frames");
        long crashesBefore = uncaught.get();
        List<String> before;
        double[] latencyBefore;
        try (ModbusTcpClient client = new ModbusTcpClient(at, Duration.ofSeconds(5))) {
            before = state(client, unit, profile);
            latencyBefore = latency(client, unit, profile);
        }
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            MalformedFrames source = new MalformedFrames(SEED + s).withoutWrites();
            long share = frames / SENDERS + (s < frames % SENDERS ? 1 : 0);
            Thread t = new Thread(() -> streamTcp(at, unit, source, share, sent, name), "soak-" + s);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> changes;
        double[] latencyAfter;
        long crashes = uncaught.get() - crashesBefore;
        try (ModbusTcpClient client = new ModbusTcpClient(at, Duration.ofSeconds(5))) {
            latencyAfter = latency(client, unit, profile);
            changes = changes(before, state(client, unit, profile));
        } catch (LinkException e) {
            crashes++;
            System.err.println(name + ": no answer after the soak: " + e.getMessage());
            return new Result(name, "MBAP over TCP", sent.get(), seconds, crashes, List.of("unreadable"), latencyBefore,
                    new double[] {Double.NaN, Double.NaN, Double.NaN}, counters.get());
        }
        return new Result(name, "MBAP over TCP", sent.get(), seconds, crashes, changes, latencyBefore, latencyAfter, counters.get());
    }

    /**
     * Sends frames so that the server reads every one: a frame with an honest MBAP header (protocol
     * id 0, a length that matches, at most 254) is streamed on a kept connection, whose answers a
     * thread drains; any other (random bytes, a lying length, a protocol id not 0, an oversized
     * PDU) goes on a connection of its own, closed for output after it, and the server's answer is
     * read until it closes, since on a shared stream such a frame swallows the frames behind it.
     */
    private static void streamTcp(InetSocketAddress at, int unit, MalformedFrames source, long frames, AtomicLong sent, String name) {
        long mine = 0;
        long nextReport = 100_000;
        byte[] sink = new byte[4096];
        while (mine < frames) {
            try (Socket s = new Socket()) {
                s.setSoLinger(true, 0);
                s.setTcpNoDelay(true);
                s.connect(at, 5_000);
                InputStream in = s.getInputStream();
                Thread drain = new Thread(() -> {
                    byte[] answers = new byte[4096];
                    try {
                        while (in.read(answers) >= 0) {
                            // answers and exceptions: not judged here
                        }
                    } catch (IOException e) {
                        // closed
                    }
                }, "soak-drain");
                drain.setDaemon(true);
                drain.start();
                OutputStream out = s.getOutputStream();
                while (mine < frames) {
                    byte[] f = source.next(unit);
                    if (honest(f)) {
                        out.write(f);
                    } else {
                        alone(at, f, sink);
                    }
                    mine++;
                    if (sent.incrementAndGet() >= nextReport) {
                        System.err.printf(Locale.ROOT, "  %s: %,d frames%n", name, sent.get());
                        nextReport += 100_000;
                    }
                }
            } catch (IOException e) {
                // the server closed the kept connection: reconnect
            }
        }
    }

    private static boolean honest(byte[] f) {
        if (f.length < 8 || f[2] != 0 || f[3] != 0) {
            return false;
        }
        int length = ((f[4] & 0xFF) << 8) | (f[5] & 0xFF);
        return length == f.length - 6 && length <= 254;
    }

    private static void alone(InetSocketAddress at, byte[] f, byte[] sink) {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0);
            s.setSoTimeout(5_000);
            s.connect(at, 5_000);
            s.getOutputStream().write(f);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            while (in.read(sink) >= 0) {
                // the server's answer, if any, until it closes
            }
        } catch (IOException e) {
            // reset by the server: the frame was read
        }
    }

    static Result ccrOverPty(long frames, AtomicLong uncaught) throws Exception {
        String name = "reference CCR remote interface";
        System.err.println(name + " over Modbus RTU on a pty: " + frames + " frames");
        CcrModbusDevice device = new CcrModbusDevice(referenceBoard(new SimulatedClock()), new Object());
        Profile profile = device.profile();
        int unit = profile.unitId();
        LineTiming gap = new LineTiming(10_000, 200_000); // 10 µs a character, 0.2 ms between frames
        try (PtyPair pty = PtyPair.start(Duration.ofSeconds(10))) {
            ModbusServerCore core = device.serverCore();
            ModbusRtuServer server = new ModbusRtuServer(core,
                    JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), 115_200), gap), unit);
            try {
                long crashesBefore = uncaught.get();
                SerialSettings master = SerialSettings.of8N1(pty.b().toString(), 115_200);
                List<String> before;
                double[] latencyBefore;
                try (J2modClient client = J2modClient.rtu(master, null, Duration.ofSeconds(2))) {
                    before = state(client, unit, profile);
                    latencyBefore = latency(client, unit, profile);
                }
                long start = System.nanoTime();
                long sent = 0;
                try (JsscSerialPort line = JsscSerialPort.open(master, gap)) {
                    Thread drain = new Thread(() -> {
                        byte[] sink = new byte[4096];
                        try {
                            while (line.isOpen()) {
                                line.read(sink, 0, sink.length, 100_000_000L);
                            }
                        } catch (IOException e) {
                            // closed
                        }
                    }, "soak-drain-pty");
                    drain.setDaemon(true);
                    drain.start();
                    MalformedFrames source = new MalformedFrames(SEED).withoutWrites();
                    for (; sent < frames; sent++) {
                        line.writeFrame(source.nextRtu(unit));
                        if ((sent + 1) % 100_000 == 0) {
                            System.err.printf(Locale.ROOT, "  %s (pty): %,d frames%n", name, sent + 1);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long crashes = uncaught.get() - crashesBefore;
                try (J2modClient client = J2modClient.rtu(master, null, Duration.ofSeconds(2))) {
                    // the line may still carry the flood's last answers: the first reads resynchronise
                    for (int i = 0; i < 3; i++) {
                        try {
                            client.readHoldingRegisters(unit, firstHolding(profile).address(), 1);
                        } catch (LinkException e) {
                            // not yet
                        }
                    }
                    double[] latencyAfter = latency(client, unit, profile);
                    List<String> changes = changes(before, state(client, unit, profile));
                    return new Result(name, "RTU over a pty", sent, seconds, crashes, changes, latencyBefore, latencyAfter,
                            server.counters().snapshot());
                } catch (LinkException e) {
                    System.err.println(name + " (pty): no answer after the soak: " + e.getMessage());
                    return new Result(name, "RTU over a pty", sent, seconds, crashes + 1, List.of("unreadable"), latencyBefore,
                            new double[] {Double.NaN, Double.NaN, Double.NaN}, server.counters().snapshot());
                }
            } finally {
                server.close();
            }
        }
    }

    private static Point firstHolding(Profile profile) {
        return profile.points().stream().filter(p -> p.table() == Table.HOLDING_REGISTER).findFirst()
                .orElseGet(() -> profile.points().get(0));
    }

    /** Every coil and holding register of the profile, one line each, as read now. */
    static List<String> state(ModbusClient client, int unit, Profile profile) throws LinkException {
        List<String> out = new ArrayList<>();
        for (Point p : profile.points()) {
            if (p.table() == Table.COIL) {
                out.add(p.name() + "=" + Arrays.toString(client.readCoils(unit, p.address(), 1)));
            } else if (p.table() == Table.HOLDING_REGISTER) {
                int words = p.type().words() > 0 ? p.type().words() : Math.max(1, (p.length() == null ? 2 : p.length() + 1) / 2);
                try {
                    out.add(p.name() + "=" + Arrays.toString(client.readHoldingRegisters(unit, p.address(), words)));
                } catch (ModbusExceptionResponse e) {
                    out.add(p.name() + "=exception " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static List<String> changes(List<String> before, List<String> after) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            String b = i < before.size() ? before.get(i) : "-";
            String a = i < after.size() ? after.get(i) : "-";
            if (!a.equals(b)) {
                out.add(b + " -> " + a);
            }
        }
        return out;
    }

    /** Median, p99 and max in ms of {@value #LATENCY_READS} reads of the first holding register. */
    static double[] latency(ModbusClient client, int unit, Profile profile) throws LinkException {
        Point p = firstHolding(profile);
        long[] nanos = new long[LATENCY_READS];
        for (int i = 0; i < LATENCY_READS; i++) {
            long t0 = System.nanoTime();
            if (p.table() == Table.HOLDING_REGISTER) {
                client.readHoldingRegisters(unit, p.address(), 1);
            } else {
                client.readInputRegisters(unit, p.address(), 1);
            }
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return new double[] {nanos[LATENCY_READS / 2] / 1e6, nanos[LATENCY_READS * 99 / 100] / 1e6, nanos[LATENCY_READS - 1] / 1e6};
    }
}
