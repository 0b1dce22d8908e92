package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan;
import io.github.ccrhil.ccr.verify.accept.plan.TestSpec;
import io.github.ccrhil.ccr.verify.accept.procedure.Fixed;
import io.github.ccrhil.ccr.verify.accept.verdict.RawRun;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs as IEEE C37.111-1999 COMTRADE records (ASCII .cfg/.dat pairs). {@link #write}: the
 * trace's per-half-cycle values (one sample per mains half-cycle, the rate the verdicts are
 * computed at): the plant's rms and peak current and rms voltage, the DUT's own rms current and
 * its reference. Time starts at the simulated epoch (2000-01-01); the trigger is the run's first
 * rig action (the fault or change that makes it a transient). {@link #writeWaves}: the sampled
 * loop current and output voltage captured around each stimulus ({@code procedure.WaveCapture}).
 */
final class Comtrade {

    private record Channel(String id, String unit, ToDoubleFunction<TraceRow> value) { }

    private static final List<Channel> CHANNELS = List.of(
            new Channel("plant_I_rms", "A", TraceRow::plantCurrentRmsA),
            new Channel("plant_I_peak", "A", TraceRow::plantPeakCurrentA),
            new Channel("plant_V_rms", "V", TraceRow::plantVoltageRmsV),
            new Channel("dut_I_rms", "A", TraceRow::firmwareCurrentRmsA),
            new Channel("dut_I_ref", "A", TraceRow::referenceA));

    private Comtrade() { }

    static void write(Path dir, String name, TestPlan plan, TestSpec test, RawRun run) throws IOException {
        Files.createDirectories(dir);
        List<TraceRow> rows = run.rows();
        double rate = 2 * plan.equipment().mainsHz();
        double[] a = new double[CHANNELS.size()];
        for (int c = 0; c < CHANNELS.size(); c++) {
            double max = 0;
            for (TraceRow r : rows) {
                double v = CHANNELS.get(c).value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    max = StrictMath.max(max, StrictMath.abs(v));
                }
            }
            a[c] = max > 0 ? max / 30000.0 : 1e-6;
        }
        double trigger = run.events().stream().filter(e -> e.source().equals("rig")).mapToDouble(RawRun.Event::t)
                .findFirst().orElse(0);
        StringBuilder cfg = new StringBuilder();
        cfg.append("ccr-hil ").append(plan.name()).append(',').append(test.id()).append('/').append(run.name())
                .append(",1999\r\n");
        cfg.append(CHANNELS.size()).append(',').append(CHANNELS.size()).append("A,0D\r\n");
        for (int c = 0; c < CHANNELS.size(); c++) {
            Channel ch = CHANNELS.get(c);
            cfg.append(c + 1).append(',').append(ch.id()).append(",,,").append(ch.unit()).append(',')
                    .append(sci(a[c])).append(",0.0,0,-32767,32767,1,1,P\r\n");
        }
        cfg.append(Fixed.format(plan.equipment().mainsHz(), 0)).append("\r\n");
        cfg.append("1\r\n").append(Fixed.format(rate, 0)).append(',').append(rows.size()).append("\r\n");
        double first = rows.isEmpty() ? 0 : rows.get(0).timeSeconds();
        cfg.append(stamp(first)).append("\r\n").append(stamp(trigger)).append("\r\n");
        cfg.append("ASCII\r\n1\r\n");
        StringBuilder dat = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            TraceRow r = rows.get(i);
            dat.append(i + 1).append(',').append(StrictMath.round((r.timeSeconds() - first) * 1e6));
            for (int c = 0; c < CHANNELS.size(); c++) {
                double v = CHANNELS.get(c).value().applyAsDouble(r);
                long q = Double.isFinite(v) ? StrictMath.round(v / a[c]) : 99999;
                dat.append(',').append(StrictMath.max(-32767, StrictMath.min(32767, q)));
            }
            dat.append("\r\n");
        }
        Files.writeString(dir.resolve(name + ".cfg"), cfg.toString(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(name + ".dat"), dat.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * The waveform captures of a run ({@code <run>.wave.csv}) as records {@code <name>__w<n>}:
     * loop current and output voltage at the plant's sampling rate, triggered at the stimulus.
     */
    static void writeWaves(Path dir, String name, TestPlan plan, TestSpec test, Path waveFile) throws IOException {
        if (!Files.exists(waveFile)) {
            return;
        }
        Files.createDirectories(dir);
        java.util.Map<Integer, java.util.List<double[]>> captures = new java.util.TreeMap<>();
        java.util.Map<Integer, Double> triggers = new java.util.TreeMap<>();
        for (String l : Files.readAllLines(waveFile, StandardCharsets.UTF_8)) {
            if (l.startsWith("# trigger ")) {
                String[] f = l.split(" ");
                triggers.put(Integer.parseInt(f[2]), Double.parseDouble(f[4]));
                continue;
            }
            if (l.startsWith("#") || l.startsWith("capture") || l.isBlank()) {
                continue;
            }
            String[] f = l.split(",");
            if (f.length != 4) {
                break;
            }
            captures.computeIfAbsent(Integer.parseInt(f[0]), k -> new java.util.ArrayList<>())
                    .add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
        }
        for (var e : captures.entrySet()) {
            List<double[]> s = e.getValue();
            if (s.size() < 2) {
                continue;
            }
            double dt = s.get(1)[0] - s.get(0)[0];
            double ai = scale(s, 1);
            double av = scale(s, 2);
            StringBuilder cfg = new StringBuilder();
            cfg.append("ccr-hil ").append(plan.name()).append(',').append(name).append("__w").append(e.getKey())
                    .append(",1999\r\n");
            cfg.append("2,2A,0D\r\n");
            cfg.append("1,loop_current,,,A,").append(sci(ai)).append(",0.0,0,-32767,32767,1,1,P\r\n");
            cfg.append("2,output_voltage,,,V,").append(sci(av)).append(",0.0,0,-32767,32767,1,1,P\r\n");
            cfg.append(Fixed.format(plan.equipment().mainsHz(), 0)).append("\r\n");
            cfg.append("1\r\n").append(Fixed.format(1.0 / dt, 0)).append(',').append(s.size()).append("\r\n");
            cfg.append(stamp(s.get(0)[0])).append("\r\n").append(stamp(triggers.getOrDefault(e.getKey(), s.get(0)[0])))
                    .append("\r\n");
            cfg.append("ASCII\r\n1\r\n");
            StringBuilder dat = new StringBuilder(s.size() * 24);
            for (int k = 0; k < s.size(); k++) {
                double[] x = s.get(k);
                dat.append(k + 1).append(',').append(StrictMath.round((x[0] - s.get(0)[0]) * 1e6)).append(',')
                        .append(StrictMath.round(x[1] / ai)).append(',').append(StrictMath.round(x[2] / av)).append("\r\n");
            }
            String n = name + "__w" + e.getKey();
            Files.writeString(dir.resolve(n + ".cfg"), cfg.toString(), StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(n + ".dat"), dat.toString(), StandardCharsets.US_ASCII);
        }
    }

    private static double scale(List<double[]> s, int column) {
        double max = 0;
        for (double[] x : s) {
            max = StrictMath.max(max, StrictMath.abs(x[column]));
        }
        return max > 0 ? max / 30000.0 : 1e-6;
    }

    /** dd/mm/yyyy,hh:mm:ss.ssssss from seconds after the simulated epoch 2000-01-01T00:00:00. */
    private static String stamp(double seconds) {
        long micros = StrictMath.round(seconds * 1e6);
        long days = micros / 86_400_000_000L;
        long rest = micros % 86_400_000_000L;
        java.time.LocalDate d = java.time.LocalDate.of(2000, 1, 1).plusDays(days);
        long h = rest / 3_600_000_000L;
        long m = rest / 60_000_000L % 60;
        long s = rest / 1_000_000L % 60;
        long us = rest % 1_000_000L;
        return String.format(java.util.Locale.ROOT, "%02d/%02d/%04d,%02d:%02d:%02d.%06d", d.getDayOfMonth(),
                d.getMonthValue(), d.getYear(), h, m, s, us);
    }

    /** A multiplier in a form any COMTRADE reader parses, byte-stable: mantissa·10^exp with 9 digits. */
    private static String sci(double v) {
        int exp = (int) StrictMath.floor(StrictMath.log10(v));
        double mant = v / StrictMath.pow(10, exp);
        return Fixed.format(mant, 9) + "E" + exp;
    }
}
