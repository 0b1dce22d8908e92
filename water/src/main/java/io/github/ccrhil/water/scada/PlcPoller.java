package io.github.ccrhil.water.scada;

import io.github.ccrhil.modbus.client.LinkException;
import io.github.ccrhil.modbus.tcp.ModbusTcpMaster;
import io.github.ccrhil.water.plc.Area;
import io.github.ccrhil.water.plc.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads every point of one PLC in as few transactions as the protocol allows, with quality flags. */
final class PlcPoller implements AutoCloseable {
    private final PlcEndpoint endpoint;
    private final ModbusTcpMaster client;
    private final int commFailAfter;
    private final List<Point> points;
    private final double[] last;
    private final java.util.Map<Point, Integer> index = new java.util.HashMap<>();
    private int failures;
    private boolean everGood;
    private String lastError = "";

    PlcPoller(PlcEndpoint endpoint, Duration timeout, int commFailAfter) {
        this.endpoint = endpoint;
        this.client = new ModbusTcpMaster(endpoint.host(), endpoint.port(), timeout);
        this.commFailAfter = commFailAfter;
        this.points = endpoint.points().points();
        this.last = new double[points.size()];
        java.util.Arrays.fill(last, Double.NaN);
        for (int i = 0; i < points.size(); i++) {
            index.put(points.get(i), i);
        }
    }

    PlcEndpoint endpoint() {
        return endpoint;
    }

    ModbusTcpMaster client() {
        return client;
    }

    String lastError() {
        return lastError;
    }

    Quality currentQuality() {
        if (failures == 0) {
            return everGood ? Quality.GOOD : Quality.COMM_FAIL;
        }
        return failures >= commFailAfter ? Quality.COMM_FAIL : Quality.STALE;
    }

    /** One poll; never throws for a link fault (that becomes the quality). */
    List<Sample> poll(Instant time) {
        try {
            double[] fresh = readAll();
            System.arraycopy(fresh, 0, last, 0, fresh.length);
            failures = 0;
            everGood = true;
            lastError = "";
        } catch (LinkException e) {
            failures++;
            lastError = e.getMessage();
        }
        Quality q = currentQuality();
        if (!everGood) {
            q = failures >= commFailAfter ? Quality.COMM_FAIL : Quality.STALE;
        }
        List<Sample> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            out.add(new Sample(endpoint.tag(points.get(i).name()), time, last[i], q));
        }
        return out;
    }

    private double[] readAll() throws LinkException {
        double[] v = new double[points.size()];
        for (Area area : Area.values()) {
            List<Point> inArea = endpoint.points().points(area);
            if (inArea.isEmpty()) {
                continue;
            }
            int first = inArea.get(0).address();
            int end = inArea.get(inArea.size() - 1).address() + 1;
            int chunk = area.isBit() ? 2000 : 125;
            int[] raw = new int[end - first];
            for (int a = first; a < end; a += chunk) {
                int n = Math.min(chunk, end - a);
                switch (area) {
                    case COIL, DISCRETE_INPUT -> {
                        boolean[] bits = area == Area.COIL ? client.readCoils(endpoint.unitId(), a, n)
                                : client.readDiscreteInputs(endpoint.unitId(), a, n);
                        for (int i = 0; i < n; i++) {
                            raw[a - first + i] = bits[i] ? 1 : 0;
                        }
                    }
                    case INPUT_REGISTER, HOLDING_REGISTER -> {
                        int[] regs = area == Area.HOLDING_REGISTER ? client.readHoldingRegisters(endpoint.unitId(), a, n)
                                : client.readInputRegisters(endpoint.unitId(), a, n);
                        System.arraycopy(regs, 0, raw, a - first, n);
                    }
                }
            }
            for (Point p : inArea) {
                v[index.get(p)] = p.toEngineering(raw[p.address() - first]);
            }
        }
        return v;
    }

    @Override
    public void close() {
        client.close();
    }
}
