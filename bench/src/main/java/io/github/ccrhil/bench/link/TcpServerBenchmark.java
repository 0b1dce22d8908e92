package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
 * Modbus/TCP server round trip on loopback, ccr-hil's server side by side with a libmodbus
 * server: one FC 03 read of 4 registers per operation, one connection, same raw client.
 * Goal: ccr-hil's throughput ≥ 1.0 × libmodbus's. Guards against per-request allocation or
 * locking in the server loop growing (the client side is identical for both).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TcpServerBenchmark {

    @Param({"ccr-hil", "libmodbus"})
    public String server;

    private ModbusTcpServer ours;
    private Process theirs;
    private RawClients.Tcp client;

    @Setup(Level.Trial)
    public void start() throws Exception {
        InetSocketAddress address;
        if (server.equals("ccr-hil")) {
            ours = new ModbusTcpServer(new ModbusServerCore(new BenchDevice()), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            address = ours.address();
        } else {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            theirs = External.startAndAwaitReady(List.of(External.libmodbusServer().toString(), "tcp", String.valueOf(port)));
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        client = new RawClients.Tcp(address);
    }

    @Benchmark
    public int readFourRegisters() throws Exception {
        return client.read4();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (ours != null) {
            ours.close();
        }
        External.stop(theirs);
    }
}
