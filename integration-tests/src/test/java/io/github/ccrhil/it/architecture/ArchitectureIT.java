package io.github.ccrhil.it.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.github.ccrhil.evidence.ComponentIdentity;
import io.github.ccrhil.evidence.Limit;
import io.github.ccrhil.evidence.Provenance;
import io.github.ccrhil.evidence.TimeLimit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules of the README's Architecture section, checked on the compiled production
 * classes of every module. Maven's module graph already stops a module from importing one it
 * does not depend on; these rules hold what a module graph cannot say (which package of a
 * dependency may be used, and by whom).
 *
 * <p>Each rule is also run against a planted class that breaks it
 * (a class named {@code *.planted.*} in this module's test sources), so a rule that can no longer fail is itself a failure.
 */
class ArchitectureIT {

    private static final String B = "io.github.ccrhil.";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.github.ccrhil");
    }

    /** The evidence core serves both systems and every verifier: it knows none of them. */
    static final ArchRule EVIDENCE_KNOWS_NO_EQUIPMENT = noClasses()
            .that().resideInAPackage(B + "evidence..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "ccr..", B + "water..", B + "modbus..", B + "cli..")
            .as("evidence knows no CCR, no water, no Modbus and no command line");

    /** The web foundation serves every page: it knows no equipment. */
    static final ArchRule WEB_KNOWS_NO_EQUIPMENT = noClasses()
            .that().resideInAPackage(B + "web..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "ccr..", B + "water..", B + "modbus..", B + "cli..")
            .as("web knows no CCR, no water, no Modbus and no command line");

    /** The panel page acts only through the firmware's display panel, so the board's authority rules apply to every key. */
    static final ArchRule THE_PAGE_ACTS_THROUGH_THE_PANEL = noClasses()
            .that().resideInAPackage(B + "ccr.panelweb..")
            .should().dependOnClassesThat().belongToAnyOf(io.github.ccrhil.ccr.firmware.board.ControlBoard.class,
                    io.github.ccrhil.ccr.firmware.board.Command.class)
            .orShould().dependOnClassesThat().resideInAnyPackage(B + "ccr.plant..", B + "ccr.emulator..", B + "modbus..")
            .as("the panel page uses the firmware's DisplayPanel, never the board's commands, the plant or Modbus");

    /** One Modbus stack for every device: it knows none of them. */
    static final ArchRule MODBUS_KNOWS_NO_EQUIPMENT = noClasses()
            .that().resideInAPackage(B + "modbus..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "ccr..", B + "water..", B + "cli..")
            .as("modbus knows no CCR, no water and no command line");

    /** modbus-core is protocol only: sockets live in modbus-tcp, serial ports in modbus-serial. */
    static final ArchRule MODBUS_CORE_HAS_NO_TRANSPORT = noClasses()
            .that().resideInAnyPackage(B + "modbus.pdu..", B + "modbus.server..", B + "modbus.client..", B + "modbus.profile..")
            .should().dependOnClassesThat().resideInAnyPackage("jssc..", "com.ghgande..", "java.nio.channels..",
                    B + "modbus.tcp..", B + "modbus.serial..")
            .orShould().dependOnClassesThat().belongToAnyOf(java.net.Socket.class, java.net.ServerSocket.class)
            .as("modbus-core opens no socket and no serial port");

    /** One Modbus client per transport: ModbusTcpClient for TCP; j2mod only under the RTU client in modbus-serial. */
    static final ArchRule J2MOD_ONLY_FOR_RTU = noClasses()
            .that().resideOutsideOfPackage(B + "modbus.serial..")
            .should().dependOnClassesThat().resideInAPackage("com.ghgande..")
            .as("j2mod is used only in modbus-serial, for the RTU client");

    /** The designated equipment as code: no I/O, no Modbus, no plant, no harness. */
    static final ArchRule FIRMWARE_IS_PURE = noClasses()
            .that().resideInAPackage(B + "ccr.firmware..")
            .should().dependOnClassesThat(resideInAnyPackage(B + "ccr.plant..", B + "ccr.emulator..", B + "ccr.verify..",
                    B + "modbus..", B + "water..", B + "cli..", "java.net..", "java.nio.file..", "java.nio.channels..")
                    .or(resideInAPackage(B + "evidence..").and(not(belongToAnyOf(Limit.class, Provenance.class, TimeLimit.class,
                            ComponentIdentity.class)))))
            .as("the firmware does no I/O and uses of the evidence core only its limit records and ComponentIdentity");

    /** The plant is physics: it knows no firmware type and no harness. */
    static final ArchRule PLANT_IS_PURE = noClasses()
            .that().resideInAPackage(B + "ccr.plant..")
            .should().dependOnClassesThat(resideInAPackage("io.github.ccrhil..").and(not(resideInAPackage(B + "ccr.plant.."))))
            .as("the plant depends on nothing else of this project");

    /**
     * The verifier's limits come from the plan, never from the DUT's code: ccr/verify reaches the
     * firmware only through the emulated-DUT adapter behind the {@code Dut} seam (the classes
     * named {@code EmulatedCcr*} and {@code Firmware} of its dut package). Its step and tolerance
     * tables are its own data ({@code ccr.verify.limits}).
     */
    static final DescribedPredicate<JavaClass> EMULATED_DUT_ADAPTER = DescribedPredicate.describe(
            "the emulated-DUT adapter (ccr.verify.accept.dut.EmulatedCcr*, Firmware)",
            c -> {
                String n = c.getName();
                String dut = B + "ccr.verify.accept.dut.";
                return n.startsWith(dut + "EmulatedCcr") || n.equals(dut + "Firmware") || n.startsWith(dut + "Firmware$");
            });

    static final ArchRule VERIFIER_REACHES_FIRMWARE_ONLY_THROUGH_THE_ADAPTER = noClasses()
            .that().resideInAPackage(B + "ccr.verify..")
            .and(not(EMULATED_DUT_ADAPTER))
            .should().dependOnClassesThat().resideInAPackage(B + "ccr.firmware..")
            .as("ccr/verify imports ccr/firmware only in the emulated-DUT adapter");

    /** The supervisory server is the designated equipment; a real site has real PLCs. */
    static final ArchRule SCADA_NEVER_SEES_THE_PLANT = noClasses()
            .that().resideInAPackage(B + "water.scada..")
            .should().dependOnClassesThat().resideInAPackage(B + "water.plant..")
            .as("water/scada never sees water/plant");

    /** The supervisory server's HTTP is its API's binding alone: the scan, alarms, historian and HA know no web server. */
    static final ArchRule SCADA_SPEAKS_HTTP_ONLY_IN_ITS_API = noClasses()
            .that().resideInAPackage(B + "water.scada..").and().resideOutsideOfPackage(B + "water.scada.api..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "web..", "io.javalin..", "org.eclipse.jetty..")
            .as("water/scada uses the web server only in its API (water.scada.api)");

    /** The HMI page reads and acts only through the supervisory API, so the page and the API cannot disagree. */
    static final ArchRule THE_HMI_ACTS_THROUGH_THE_API = noClasses()
            .that().resideInAPackage(B + "water.hmi..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "water.scada..", B + "water.plant..", B + "modbus..")
            .as("water/hmi knows no supervisory-server class, no plant and no Modbus: only the API's HTTP");

    /** The two systems share the evidence core and the Modbus stack, nothing else. */
    static final ArchRule THE_TWO_SYSTEMS_ARE_APART = noClasses()
            .that().resideInAPackage(B + "water..")
            .should().dependOnClassesThat().resideInAPackage(B + "ccr..")
            .orShould().dependOnClassesThat().resideInAPackage(B + "cli..")
            .as("water knows no CCR");

    static final ArchRule THE_CCR_KNOWS_NO_WATER = noClasses()
            .that().resideInAPackage(B + "ccr..")
            .should().dependOnClassesThat().resideInAnyPackage(B + "water..", B + "cli..")
            .as("the CCR modules know no water and no command line");

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(EVIDENCE_KNOWS_NO_EQUIPMENT, io.github.ccrhil.evidence.planted.EvidenceUsingTheFirmware.class),
                Arguments.of(MODBUS_KNOWS_NO_EQUIPMENT, io.github.ccrhil.modbus.planted.ModbusUsingTheFirmware.class),
                Arguments.of(WEB_KNOWS_NO_EQUIPMENT, io.github.ccrhil.web.planted.WebUsingTheFirmware.class),
                Arguments.of(THE_PAGE_ACTS_THROUGH_THE_PANEL, io.github.ccrhil.ccr.panelweb.planted.PageCommandingTheBoard.class),
                Arguments.of(MODBUS_CORE_HAS_NO_TRANSPORT, io.github.ccrhil.modbus.server.planted.ModbusCoreOpeningASocket.class),
                Arguments.of(J2MOD_ONLY_FOR_RTU, io.github.ccrhil.modbus.tcp.planted.TcpClientOnJ2mod.class),
                Arguments.of(FIRMWARE_IS_PURE, io.github.ccrhil.ccr.firmware.planted.FirmwareReadingAFile.class),
                Arguments.of(PLANT_IS_PURE, io.github.ccrhil.ccr.plant.planted.PlantUsingTheFirmware.class),
                Arguments.of(VERIFIER_REACHES_FIRMWARE_ONLY_THROUGH_THE_ADAPTER,
                        io.github.ccrhil.ccr.verify.planted.VerifierReadingTheFirmwaresTables.class),
                Arguments.of(SCADA_NEVER_SEES_THE_PLANT, io.github.ccrhil.water.scada.planted.ScadaUsingThePlant.class),
                Arguments.of(SCADA_SPEAKS_HTTP_ONLY_IN_ITS_API, io.github.ccrhil.water.scada.planted.ScadaServingHttp.class),
                Arguments.of(THE_HMI_ACTS_THROUGH_THE_API, io.github.ccrhil.water.hmi.planted.HmiReadingTheScanner.class),
                Arguments.of(THE_TWO_SYSTEMS_ARE_APART, io.github.ccrhil.water.planted.WaterUsingTheCcr.class),
                Arguments.of(THE_CCR_KNOWS_NO_WATER, io.github.ccrhil.ccr.planted.CcrUsingTheWater.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theProductionClassesKeepTheRule(ArchRule rule, Class<?> planted) {
        rule.check(production);
    }

    @ParameterizedTest(name = "{0} fails on a planted violation")
    @MethodSource("rules")
    void theRuleFailsWhenAForbiddenImportIsAdded(ArchRule rule, Class<?> planted) {
        JavaClasses withPlanted = new ClassFileImporter().importClasses(planted);
        assertTrue(rule.evaluate(withPlanted).hasViolation(),
                "the rule '" + rule.getDescription() + "' did not catch " + planted.getName());
    }
}
