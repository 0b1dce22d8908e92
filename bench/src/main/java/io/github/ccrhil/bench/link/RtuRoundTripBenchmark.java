package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.serial.ModbusRtuServer;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.serial.JsscSerialPort;
import io.github.ccrhil.modbus.serial.PtyPair;
import io.github.ccrhil.modbus.serial.SerialSettings;
import java.util.List;
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
 * RTU round trip over a socat pty pair at 19200 baud (no line-timing emulation: the pty runs at
 * memory speed), ccr-hil's RTU server vs a libmodbus RTU server, same raw client over jssc.
 * Goal: ccr-hil ≤ 1.2 × libmodbus. Guards the server's frame detection: ours completes a
 * request by its length, not by waiting out a silence (which would cost ms per frame).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RtuRoundTripBenchmark {

    @Param({"ccr-hil", "libmodbus"})
    public String server;

    @Param({"19200"})
    public int baud;

    private PtyPair pty;
    private ModbusRtuServer ours;
    private Process theirs;
    private RawClients.Rtu client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        pty = PtyPair.start();
        if (server.equals("ccr-hil")) {
            ours = new ModbusRtuServer(new ModbusServerCore(new BenchDevice()),
                    JsscSerialPort.open(SerialSettings.of8N1(pty.a().toString(), baud), null), 1);
        } else {
            theirs = External.startAndAwaitReady(List.of(External.libmodbusServer().toString(), "rtu", pty.a().toString(),
                    String.valueOf(baud)));
        }
        client = new RawClients.Rtu(JsscSerialPort.open(SerialSettings.of8N1(pty.b().toString(), baud), null));
    }

    @Benchmark
    public int readFourRegisters() throws Exception {
        return client.read4();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (ours != null) {
            ours.close();
        }
        External.stop(theirs);
        pty.close();
    }
}
