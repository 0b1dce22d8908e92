/**
 * Modbus link benchmarks, side by side with libmodbus (the C library most devices use).
 *
 * <p>Needs socat and the libmodbus baseline server built by {@code src/setup/install-test-deps.sh}
 * (into {@code /usr/local/lib/ccr-hil/peers}, or {@code $CCRHIL_PEERS_BIN}). Run:
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar io.github.ccrhil.bench.link
 * </pre>
 *
 * <table>
 *   <caption>Goals</caption>
 *   <tr><th>benchmark</th><th>goal</th></tr>
 *   <tr><td>{@link io.github.ccrhil.bench.link.TcpServerBenchmark}</td><td>TCP server throughput ≥ 1.0 × libmodbus</td></tr>
 *   <tr><td>{@link io.github.ccrhil.bench.link.RtuRoundTripBenchmark}</td><td>RTU round trip on a pty ≤ 1.2 × libmodbus</td></tr>
 *   <tr><td>{@link io.github.ccrhil.bench.link.RealTimeLoopBenchmark}</td><td>one hardware exchange (FC 23) per 10 ms half-cycle at 115200 baud</td></tr>
 *   <tr><td>{@link io.github.ccrhil.bench.link.LineTimingBenchmark}</td><td>with line-timing emulation at 19200: ≥ 95 % of the line limit</td></tr>
 * </table>
 *
 * <p>First measurements (2-core machine shared with other jobs, load average 5–10, so error
 * bars are wide; re-run on a quiet machine before quoting): TCP 56 vs 50 ops/ms (1.1 ×);
 * RTU 19200 on a pty 886 vs 469 µs (1.9 ×, goal missed: the server's serial read polls every
 * 100 µs because jssc offers no blocking read that closing the port can wake); 100 Hz exchange
 * at 115200 median 2.2 ms, p99 9.2 ms without line timing, mean 9.5 ms with it (line limit
 * 8.7 ms); line timing at 19200 66.2 tx/s = 96.6 % of 68.6.
 */
package io.github.ccrhil.bench.link;
