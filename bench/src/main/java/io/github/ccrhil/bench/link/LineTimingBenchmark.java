package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.LineTiming;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RS-485 line-timing emulation at 19200 8N1 on a pty, both ends emulating: FC 03 read of 4
 * registers (8-byte request, 13-byte answer). 8N1 is 10 bits a character (520.8 µs); the
 * theoretical line limit is 1 / (21 characters + 2 gaps of 3.5 characters) = 1 / 14.58 ms
 * ≈ 68.6 transactions/s ({@link LineTiming#maxTransactionsPerSecond}); goal ≥ 95 % of it
 * (≈ 65.2 /s). Guards against
 * the emulation or the server adding time beyond the line's own (polling, scheduling, gaps
 * counted twice).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class LineTimingBenchmark {

    public static final int BAUD = 19200;

    private PtyPair pty;
    private ModbusRtuServer server;
    private RawClients.Rtu client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pty = PtyPair.start();
        SerialSettings a = SerialSettings.of8N1(pty.a().toString(), BAUD);
        SerialSettings b = SerialSettings.of8N1(pty.b().toString(), BAUD);
        server = new ModbusRtuServer(new ModbusServerCore(new BenchDevice()), JsscSerialPort.open(a, LineTiming.of(a)), 1);
        client = new RawClients.Rtu(JsscSerialPort.open(b, LineTiming.of(b)));
        System.out.printf("%ntheoretical line limit at %d 8N1: %.1f transactions/s%n", BAUD,
                LineTiming.of(a).maxTransactionsPerSecond(8, 13));
    }

    @Benchmark
    public int readFourRegisters() throws Exception {
        return client.read4();
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        server.close();
        pty.close();
    }
}
