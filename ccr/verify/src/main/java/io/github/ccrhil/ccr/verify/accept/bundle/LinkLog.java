package io.github.ccrhil.ccr.verify.accept.bundle;

import io.github.ccrhil.modbus.client.RetryingClient;
import io.github.ccrhil.modbus.link.FaultInjector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The raw record of an acceptance run through a fault-injecting link: {@value #FILE} in each
 * test's folder, one row per DUT session of the test (the link's frames and faults), one per
 * repeated transaction and one per transaction lost on every attempt, so a reviewer sees every
 * retry and the report counts them from this file alone. A test without link rows has no such
 * file (a clean link).
 *
 * <pre>
 * session,event,transaction,attempt,frames,corrupted_bytes,dropped_frames,delayed_frames,disconnects,detail
 * 1,link,,,120,2,0,3,0,tcp
 * 1,repeat,read holding registers 40,1,,,,,,"no answer within 300 ms"
 * 1,lost,read holding registers 40,3,,,,,,"no answer within 300 ms"
 * </pre>
 */
public final class LinkLog {

    /** In each test's folder. */
    public static final String FILE = "link.csv";

    static final String HEADER = "session,event,transaction,attempt,frames,corrupted_bytes,dropped_frames,delayed_frames,disconnects,detail";

    /**
     * What the link did in one DUT session: its frames and faults, the repeats and the transactions lost.
     *
     * @param medium how the link is carried, e.g. {@code tcp} or {@code pty}
     */
    public record Session(String medium, FaultInjector.Counts link, List<RetryingClient.Retry> repeats,
                          List<RetryingClient.Retry> lost) {
        public Session {
            Objects.requireNonNull(medium, "medium");
            Objects.requireNonNull(link, "link");
            repeats = List.copyOf(repeats);
            lost = List.copyOf(lost);
        }
    }

    /** A DUT session whose link is recorded: hands over what it did since the last call (and closes the open session). */
    public interface Source {
        List<Session> drainLinkSessions();
    }

    /** Totals read back from the files. */
    public record Summary(int sessions, long frames, long faults, long repeats, long lost) {
        public static final Summary NONE = new Summary(0, 0, 0, 0, 0);

        Summary plus(Summary o) {
            return new Summary(sessions + o.sessions, frames + o.frames, faults + o.faults, repeats + o.repeats, lost + o.lost);
        }
    }

    private LinkLog() { }

    /** Writes {@value #FILE} into {@code testDir} unless {@code sessions} is empty. */
    public static void write(Path testDir, List<Session> sessions) throws IOException {
        if (sessions.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        int n = 0;
        for (Session s : sessions) {
            n++;
            FaultInjector.Counts c = s.link();
            out.append(n).append(",link,,,").append(c.frames()).append(',').append(c.corruptedBytes()).append(',')
                    .append(c.droppedFrames()).append(',').append(c.delayedFrames()).append(',').append(c.disconnects())
                    .append(',').append(quote(s.medium())).append('\n');
            for (RetryingClient.Retry r : s.repeats()) {
                row(out, n, "repeat", r);
            }
            for (RetryingClient.Retry r : s.lost()) {
                row(out, n, "lost", r);
            }
        }
        Files.createDirectories(testDir);
        Files.writeString(testDir.resolve(FILE), out, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, int session, String event, RetryingClient.Retry r) {
        out.append(session).append(',').append(event).append(',').append(quote(r.transaction())).append(',').append(r.attempt())
                .append(",,,,,,").append(quote(String.valueOf(r.fault()))).append('\n');
    }

    private static String quote(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return "\"" + flat.replace("\"", "\"\"") + "\"";
    }

    /** The totals of {@value #FILE} in {@code testDir}; {@link Summary#NONE} without one. */
    public static Summary read(Path testDir) throws IOException {
        Path file = testDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Summary.NONE;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + ": not a link record (header expected: " + HEADER + ")");
        }
        Summary sum = Summary.NONE;
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = fields(lines.get(i));
            if (f.size() < 10) {
                throw new IOException(file + " line " + (i + 1) + ": expected 10 fields, found " + f.size());
            }
            try {
                sum = switch (f.get(1)) {
                    case "link" -> sum.plus(new Summary(1, Long.parseLong(f.get(4)), Long.parseLong(f.get(5))
                            + Long.parseLong(f.get(6)) + Long.parseLong(f.get(7)) + Long.parseLong(f.get(8)), 0, 0));
                    case "repeat" -> sum.plus(new Summary(0, 0, 0, 1, 0));
                    case "lost" -> sum.plus(new Summary(0, 0, 0, 0, 1));
                    default -> throw new IOException(file + " line " + (i + 1) + ": unknown event '" + f.get(1) + "'");
                };
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return sum;
    }

    /** The fields of one CSV line (double quotes, doubled inside). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The totals over every test folder of a bundle. */
    public static Summary total(Path bundle, List<String> testDirs) throws IOException {
        Summary sum = Summary.NONE;
        for (String d : testDirs) {
            sum = sum.plus(read(bundle.resolve(d)));
        }
        return sum;
    }
}
