package io.github.ccrhil.evidence.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's load around a timed check or run, read from its host file ({@link HostMonitor#csv}).
 *
 * @param samples      rows in the file
 * @param maxOtherCpu  the largest share of the machine's CPU that other processes took in one sample (-1: not known)
 * @param maxStallMs   the longest the host sampler woke late
 * @param gcMs         garbage collection time over the rows (last less first)
 * @param gcCount      garbage collections over the rows
 * @param maxLoadPerCpu the largest load average per CPU
 * @param counterNames the caller's counter columns
 * @param counters     each counter's increase over the rows (last less first)
 */
public record HostLoad(int samples, double maxOtherCpu, double maxStallMs, long gcMs, long gcCount, double maxLoadPerCpu,
                       List<String> counterNames, List<Long> counters) {

    public HostLoad {
        counterNames = List.copyOf(counterNames);
        counters = List.copyOf(counters);
    }

    /**
     * Reads the rows of a host file (its header already checked; fields split on commas).
     *
     * @param file the file's name, for messages
     * @param header the file's header ({@link HostMonitor#header()}): its columns after
     *     {@link HostMonitor#BASE_HEADER} are the counters
     */
    public static HostLoad of(String file, String header, List<String[]> rows) throws IOException {
        int base = HostMonitor.BASE_HEADER.split(",").length;
        String[] cols = header.split(",");
        List<String> names = new ArrayList<>();
        for (int i = base; i < cols.length; i++) {
            names.add(cols[i]);
        }
        double other = -1;
        double stall = 0;
        double load = 0;
        long gcMs = 0;
        long gcCount = 0;
        long[] counters = new long[names.size()];
        String[] first = null;
        for (String[] r : rows) {
            if (r.length != cols.length) {
                throw new IOException(file + ": " + cols.length + " fields expected, found " + r.length);
            }
            double machine = number(file, r[3]);
            double suite = number(file, r[4]);
            if (!Double.isNaN(machine) && !Double.isNaN(suite)) {
                other = Math.max(other, Math.max(0, machine - suite));
            }
            stall = Math.max(stall, number(file, r[5]));
            double cpus = number(file, r[2]);
            double la = number(file, r[1]);
            if (cpus > 0 && la >= 0) {
                load = Math.max(load, la / cpus);
            }
            if (first == null) {
                first = r;
            } else {
                gcCount = (long) (number(file, r[6]) - number(file, first[6]));
                gcMs = (long) (number(file, r[7]) - number(file, first[7]));
                for (int i = 0; i < counters.length; i++) {
                    counters[i] = (long) (number(file, r[base + i]) - number(file, first[base + i]));
                }
            }
        }
        List<Long> c = new ArrayList<>();
        for (long x : counters) {
            c.add(x);
        }
        return new HostLoad(rows.size(), other, stall, gcMs, gcCount, load, names, c);
    }

    /** A counter's increase by its column name; 0 when there is no such column. */
    public long counter(String name) {
        int i = counterNames.indexOf(name);
        return i < 0 ? 0 : counters.get(i);
    }

    /** A field of a host file: empty is not known (NaN). */
    public static double number(String file, String s) throws IOException {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not a number: '" + s + "'");
        }
    }
}
