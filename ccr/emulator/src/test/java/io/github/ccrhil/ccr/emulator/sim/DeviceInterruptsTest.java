package io.github.ccrhil.ccr.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceInterruptsTest {

    /** This project's VM as read on 2026-12-05: the disk's managed queue on CPU 1, the balloon's reporting on CPU 0. */
    private static Path vm(Path dir) throws Exception {
        Files.writeString(dir.resolve("interrupts"), String.join("\n",
                "           CPU0       CPU1       ",
                " 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config",
                " 32:       2039          0 PCI-MSIX-0000:00:01.0   4-edge      virtio0-reporting_vq",
                " 36:          0    3261335 PCI-MSIX-0000:00:02.0   1-edge      virtio1-req.0",
                " 41:      27964          0 PCI-MSIX-0000:00:04.0   1-edge      virtio3-rx",
                "NMI:          0          0   Non-maskable interrupts",
                "LOC:   24367279   31942522   Local timer interrupts", ""));
        for (String[] irq : new String[][] {{"28", "1"}, {"32", "0"}, {"36", "1"}, {"41", "0-1"}}) {
            Path d = Files.createDirectories(dir.resolve("irq").resolve(irq[0]));
            Files.writeString(d.resolve("effective_affinity_list"), irq[1] + "\n");
        }
        return dir;
    }

    @Test
    void theInterruptsThatFiredOnTheLoopsCpuAreNamedAndTheOthersAreNot(@TempDir Path dir) throws Exception {
        DeviceInterrupts onOne = DeviceInterrupts.read(vm(dir), List.of(1));
        // 28 never fired; 32 is on CPU 0 only; per-CPU counters (NMI, LOC) are not device interrupts
        assertEquals(List.of("36 virtio1-req.0", "41 virtio3-rx"), onOne.onThem());
        assertTrue(onOne.said().startsWith("device interrupts on CPU 1: 36 virtio1-req.0, 41 virtio3-rx"), onOne.said());
        assertEquals(List.of("32 virtio0-reporting_vq", "41 virtio3-rx"), DeviceInterrupts.read(dir, List.of(0)).onThem());
    }

    @Test
    void aCpuWithNoDeviceInterruptsSaysSo(@TempDir Path dir) throws Exception {
        assertEquals("no device interrupts on CPU 2", DeviceInterrupts.read(vm(dir), List.of(2)).said());
    }

    @Test
    void thisHostsProcIsReadable() throws Exception {
        DeviceInterrupts here = DeviceInterrupts.onCpus(List.of(0));
        assertEquals(List.of(0), here.cpus());
    }
}
