package io.github.ccrhil.ccr.verify.accept.verdict;

import io.github.ccrhil.ccr.verify.accept.procedure.RunRecorder;
import io.github.ccrhil.ccr.emulator.trace.TraceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's raw data as read back from the bundle: the trace rows and the events. A file cut
 * short by a crash reads up to its last complete line.
 *
 * @param name run name
 * @param traceFile trace path relative to the bundle
 * @param eventsFile events path relative to the bundle
 * @param rows trace rows in time order
 * @param events events in time order
 */
public record RawRun(String name, String traceFile, String eventsFile, List<TraceRow> rows, List<Event> events) {

    /** One line of an events file. */
    public record Event(double t, String source, String kind, String value) { }

    public static RawRun read(Path bundle, String relDir, String name) throws IOException {
        String trace = relDir + "/" + name + ".csv";
        String events = relDir + "/" + name + RunRecorder.EVENTS_SUFFIX;
        return new RawRun(name, trace, events, rows(bundle.resolve(trace)), events(bundle.resolve(events)));
    }

    static List<TraceRow> rows(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        return rows(lines);
    }

    /**
     * The rows of a trace file's lines (as {@code TraceWriter} writes them, whatever the file's
     * compression): comment and column lines skipped, up to the last complete row.
     */
    public static List<TraceRow> rows(List<String> lines) {
        List<TraceRow> out = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("#") || l.startsWith("t_s") || l.isBlank()) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != 18) {
                break; // cut short
            }
            try {
                out.add(new TraceRow(d(f[0]), f[1], Integer.parseInt(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]), d(f[7]),
                        d(f[8]), d(f[9]), d(f[10]), d(f[11]), d(f[12]), d(f[13]), Integer.parseInt(f[14]),
                        Integer.parseInt(f[15]), d(f[16]), d(f[17])));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }

    static List<Event> events(Path file) throws IOException {
        List<Event> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String l : lines) {
            if (l.startsWith("#") || l.startsWith("t_s") || l.isBlank()) {
                continue;
            }
            String[] f = l.split(",", 4);
            if (f.length < 4) {
                break;
            }
            try {
                out.add(new Event(d(f[0]), f[1], f[2], f[3]));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }

    private static double d(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Events of {@code source}/{@code kind}, in order. */
    public List<Event> events(String source, String kind) {
        return events.stream().filter(e -> e.source().equals(source) && e.kind().equals(kind)).toList();
    }

    /** The first event after {@code e} of any verifier/rig/bench action, or the end of the trace. */
    public double endOfStretch(Event e) {
        for (Event x : events) {
            if (x.t() > e.t() + 1e-9 && !x.source().equals("dut") && !x.source().equals("harness")) {
                return x.t();
            }
        }
        return rows.isEmpty() ? e.t() : rows.get(rows.size() - 1).timeSeconds();
    }

    /** Rows with from &lt; t ≤ to. */
    public List<TraceRow> between(double from, double to) {
        List<TraceRow> out = new ArrayList<>();
        for (TraceRow r : rows) {
            if (r.timeSeconds() > from + 1e-9 && r.timeSeconds() <= to + 1e-9) {
                out.add(r);
            }
        }
        return out;
    }
}
