package io.github.ccrhil.bench.link;

import io.github.ccrhil.ccr.firmware.hardware.GateCommand;
import io.github.ccrhil.ccr.firmware.hardware.HalfCycleSamples;
import io.github.ccrhil.ccr.emulator.device.ModbusHardwarePort;
import io.github.ccrhil.ccr.emulator.device.PowerStageDevice;
import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.serial.J2modClient;
import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import io.github.ccrhil.ccr.plant.LoopConfig;
import io.github.ccrhil.ccr.plant.PlantConfig;
import io.github.ccrhil.ccr.plant.Plants;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The firmware's hardware exchange over RTU at 115200 baud, as the real-time loop does it once
 * per half-cycle (100 Hz at 50 Hz mains): one FC 23 transaction through j2mod's RTU client on
 * jssc to the power-stage device, which runs one plant half-cycle. Sample-time mode gives the
 * distribution: the loop holds 100 Hz while p99.9 stays below 10 ms. With line timing the
 * transaction carries its real line time: 19-byte request + 41-byte answer = 60 characters of
 * 86.8 µs (5.2 ms) + 2 gaps of 1.75 ms = 8.7 ms of the 10 ms period: 115200 baud is just enough
 * for this block size. {@code link=tcp} is the same exchange over loopback Modbus/TCP through
 * {@link ModbusTcpClient} (as {@code ccr-hil serve-ccr --plant-tcp} runs it): the TCP client's
 * cost on the real-time path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RealTimeLoopBenchmark {

    public static final int BAUD = 115200;

    /** {@code rtu}, {@code rtu-line-timing} (RTU with the line's real character time) or {@code tcp}. */
    @Param({"rtu", "rtu-line-timing", "tcp"})
    public String link;

    private PtyPair pty;
    private AutoCloseable plantSide;
    private ModbusClient client;
    private ModbusHardwarePort port;
    private final HalfCycleSamples samples = new HalfCycleSamples();
    private final GateCommand command = new GateCommand(true, 1.2);

    @Setup(Level.Trial)
    public void start() throws Exception {
        PlantConfig config = new PlantConfig(400, 50, 10_000, 6.6, LoopConfig.forLoad(10_000, 6.6, 0.8, 0, 2000, 50),
                200, 1, 0.002, 1L);
        PowerStageDevice stage = new PowerStageDevice(Plants.averaged(config), null);
        if (link.equals("tcp")) {
            ModbusTcpServer server = new ModbusTcpServer(stage.serverCore(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
            plantSide = server;
            client = new ModbusTcpClient(server.address(), Duration.ofMillis(500));
        } else {
            boolean lineTiming = link.equals("rtu-line-timing");
            pty = PtyPair.start();
            SerialSettings a = SerialSettings.of8N1(pty.a().toString(), BAUD);
            SerialSettings b = SerialSettings.of8N1(pty.b().toString(), BAUD);
            plantSide = new ModbusRtuServer(stage.serverCore(), JsscSerialPort.open(a, lineTiming ? LineTiming.of(a) : null), 2);
            client = J2modClient.rtu(b, lineTiming ? LineTiming.of(b) : null, Duration.ofMillis(500));
        }
        port = new ModbusHardwarePort(client, 2, null);
    }

    @Benchmark
    public HalfCycleSamples exchangeOneHalfCycle() throws Exception {
        port.exchange(command, samples);
        return samples;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        plantSide.close();
        if (pty != null) {
            pty.close();
        }
    }
}
