/**
 * Modbus links of ccr-hil: the CCR's remote interface and the power stage's hardware link.
 *
 * <ul>
 *   <li>{@code pdu}: pure protocol: PDUs as records, CRC-16, the RTU request frame parser
 *       (a state machine over a sealed interface), MBAP headers, exception codes.</li>
 *   <li>{@code server}: our own server loop ({@code ModbusServerCore}) over TCP
 *       ({@code ModbusTcpServer}) and RTU on jssc ({@code ModbusRtuServer}). Chosen over j2mod's
 *       slave because j2mod 3.3.0 answers FC 43 always with exception 01
 *       ({@code ReadMEIRequest.createResponse}) and offers no drop-and-count of bad frames;
 *       ours answers 01/02/03 as the device decides, serves FC 23 and FC 43/14, and counts
 *       every dropped frame ({@code ServerCounters}).</li>
 *   <li>{@code serial}: jssc ports with deadline-bounded reads and optional RS-485 line-timing
 *       emulation; {@code JsscSerialConnection} runs j2mod's RTU transport over jssc.</li>
 *   <li>{@code master}: {@code ModbusMaster} on j2mod's transports, every transaction under a
 *       watchdog, transaction and unit ids checked here, typed checked exceptions.</li>
 *   <li>{@code profile}: register maps as data (YAML), the generic {@code RegisterImage}, the
 *       semantic {@code ProfileClient}.</li>
 *   <li>{@code device}: the reference profile bound to the firmware's {@code ControlBoard}
 *       ({@code CcrModbusDevice}); the plant as a Modbus device ({@code PowerStageDevice}) and the
 *       firmware's {@code HardwarePort} over a link to it ({@code ModbusHardwarePort}).</li>
 *   <li>{@code cli}: picocli command classes (profile, master, serve, power-stage).</li>
 * </ul>
 */
package io.github.ccrhil.hil.link;
