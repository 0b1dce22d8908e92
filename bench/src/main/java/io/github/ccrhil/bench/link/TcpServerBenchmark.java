package io.github.ccrhil.bench.link;

import io.github.ccrhil.modbus.client.ModbusClient;
import io.github.ccrhil.modbus.server.ModbusServerCore;
import io.github.ccrhil.modbus.tcp.ModbusTcpClient;
import io.github.ccrhil.modbus.tcp.ModbusTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
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
 * Modbus/TCP round trip on loopback, ccr-hil's server side by side with a libmodbus server: one
 * FC 03 read of 4 registers per operation, one connection, the same client for both servers.
 * {@code client=raw} is a bare socket client ({@link RawClients.Tcp}), so the figure is the
 * server's: goal ccr-hil's throughput ≥ 1.0 × libmodbus's; it guards against per-request
 * allocation or locking in the server loop growing. {@code client=ModbusTcpClient} is the one
 * TCP client every caller uses (the CCR verifier's link, {@code ccr-hil client}, the water
 * scanner): the difference to {@code raw} is what the client's checks and deadline cost.
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

    @Param({"raw", "ModbusTcpClient"})
    public String client;

    /** One FC 03 read of 4 registers from 0 at unit 1; returns the first register. */
    private interface ReadFour extends AutoCloseable {
        int read4() throws Exception;
    }

    private ModbusTcpServer ours;
    private Process theirs;
    private ReadFour reader;

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
        reader = open(client, address);
    }

    private static ReadFour open(String client, InetSocketAddress address) throws Exception {
        switch (client) {
            case "raw": {
                RawClients.Tcp raw = new RawClients.Tcp(address);
                return new ReadFour() {
                    @Override
                    public int read4() throws Exception {
                        return raw.read4();
                    }

                    @Override
                    public void close() throws Exception {
                        raw.close();
                    }
                };
            }
            case "ModbusTcpClient":
                return through(new ModbusTcpClient(address, Duration.ofSeconds(2)));
            default:
                throw new IllegalArgumentException("unknown client " + client);
        }
    }

    private static ReadFour through(ModbusClient modbus) {
        return new ReadFour() {
            @Override
            public int read4() throws Exception {
                return modbus.readHoldingRegisters(1, 0, 4)[0];
            }

            @Override
            public void close() {
                modbus.close();
            }
        };
    }

    @Benchmark
    public int readFourRegisters() throws Exception {
        return reader.read4();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (ours != null) {
            ours.close();
        }
        External.stop(theirs);
    }
}
