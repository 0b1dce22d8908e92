package io.github.ccrhil.ccr.verify.accept.fleet;

import io.github.ccrhil.ccr.verify.accept.plan.TestPlan.DeclaredComponent;
import io.github.ccrhil.ccr.verify.limits.LimitTables;
import io.github.ccrhil.evidence.yaml.ConfigException;
import io.github.ccrhil.evidence.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code fleet.yaml} (format in {@code plans/README.md}, "Fleet files"). Every complaint is
 * one line naming the file, the line and the field: a misspelt field, a CCR named twice, two CCRs
 * at the same unit of a gateway or node of a bus, a step table the verifier does not know.
 */
public final class FleetReader {

    private FleetReader() { }

    public static Fleet read(Path file) throws ConfigException {
        return read(YamlNode.parse(file));
    }

    public static Fleet read(String fileName, String text) throws ConfigException {
        return read(YamlNode.parse(fileName, text));
    }

    static Fleet read(YamlNode root) throws ConfigException {
        String name = root.required("fleet").asString().trim();
        if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw root.required("fleet").error("use 1-64 lowercase letters, digits or '-' (it names the bundle)");
        }
        root.optional("format").ifPresent(f -> { });
        boolean emulated = root.optional("emulated").isPresent() && root.required("emulated").asBoolean();
        List<Fleet.Gateway> gateways = new ArrayList<>();
        Set<String> gatewayAddresses = new HashSet<>();
        Optional<YamlNode> gw = root.optional("gateways");
        if (gw.isPresent()) {
            for (YamlNode g : gw.get().elements()) {
                String address = g.required("address").asString().trim();
                Fleet.Address a = address(g.required("address"), address, 1);
                if (!(a instanceof Fleet.Tcp)) {
                    throw g.required("address").error("a gateway is tcp:<host:port>, was '" + address + "'");
                }
                int concurrent = g.required("concurrent").asInt(1, 64);
                g.rejectUnknownKeys();
                if (!gatewayAddresses.add(a.medium())) {
                    throw g.required("address").error("gateway " + a.medium() + " is listed twice");
                }
                gateways.add(new Fleet.Gateway(a.medium(), concurrent));
            }
        }
        List<Fleet.Ccr> ccrs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> slots = new HashMap<>();
        LimitTables tables = LimitTables.builtIn();
        for (YamlNode c : root.required("ccrs").elements()) {
            String ccrName = c.required("name").asString().trim();
            if (!ccrName.matches("[a-z0-9][a-z0-9-]{0,47}")) {
                throw c.required("name").error("use 1-48 lowercase letters, digits or '-' (it names the CCR's bundle folder)");
            }
            if (!names.add(ccrName)) {
                throw c.required("name").error("CCR '" + ccrName + "' is listed twice");
            }
            String vault = c.required("vault").asString().trim();
            YamlNode addressNode = c.required("address");
            String text = addressNode.asString().trim();
            int id;
            if (text.startsWith("tcp:")) {
                id = c.required("unit").asInt(1, 247);
            } else if (text.startsWith("rtu:")) {
                id = c.required("node").asInt(1, 247);
            } else {
                throw addressNode.error("expected tcp:<host:port> (with unit:) or rtu:<tty> (with node:), was '" + text + "'");
            }
            Fleet.Address address = address(addressNode, text, id);
            String slot = address.describe();
            String taken = slots.putIfAbsent(slot, ccrName);
            if (taken != null) {
                throw addressNode.error(slot + " is already CCR '" + taken + "'");
            }
            String profile = c.optional("profile").isPresent() ? c.required("profile").asString().trim() : "reference-ccr";
            YamlNode r = c.required("rating");
            double kva = r.required("kva").asDouble(0.5, 100);
            String steps = r.required("steps").asString().trim();
            String tolerances = r.required("tolerances").asString().trim();
            try {
                tables.tolerances(tolerances, tables.steps(steps));
            } catch (IllegalArgumentException e) {
                throw r.required("steps").error(e.getMessage());
            }
            double volts = r.optional("mainsVoltage").isPresent() ? r.required("mainsVoltage").asDouble(100, 1000) : 400;
            double hz = r.optional("mainsHz").isPresent() ? r.required("mainsHz").asDouble(40, 70) : 50;
            r.rejectUnknownKeys();
            YamlNode l = c.required("loop");
            Fleet.Loop loop = new Fleet.Loop(l.required("length").asDouble(0, 50_000), l.required("lamps").asInt(1, 2000),
                    l.required("led").asFraction(0, 1));
            l.rejectUnknownKeys();
            List<DeclaredComponent> identity = new ArrayList<>();
            for (YamlNode d : c.required("identity").elements()) {
                identity.add(new DeclaredComponent(d.required("component").asString(), d.required("model").asString(),
                        d.required("revision").asString(), sha(d.required("sha256"))));
                d.rejectUnknownKeys();
            }
            if (identity.isEmpty()) {
                throw c.required("identity").error("declare at least one component");
            }
            c.rejectUnknownKeys();
            ccrs.add(new Fleet.Ccr(ccrName, vault, address, profile, new Fleet.Rating(kva, steps, tolerances, volts, hz), loop,
                    identity, c.line()));
        }
        if (ccrs.isEmpty()) {
            throw root.required("ccrs").error("a fleet needs at least one CCR");
        }
        root.rejectUnknownKeys();
        return new Fleet(name, emulated, gateways, ccrs);
    }

    private static Fleet.Address address(YamlNode n, String text, int id) throws ConfigException {
        if (text.startsWith("rtu:")) {
            String tty = text.substring(4).trim();
            if (tty.isEmpty()) {
                throw n.error("rtu: needs a serial line, e.g. rtu:/dev/ttyUSB0");
            }
            return new Fleet.Rtu(tty, id);
        }
        if (text.startsWith("tcp:")) {
            String hp = text.substring(4);
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) {
                throw n.error("expected tcp:<host:port>, was '" + text + "'");
            }
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw n.error("expected a port number after the host, was '" + text + "'");
            }
            if (port < 1 || port > 65535) {
                throw n.error("port 1..65535, was " + port);
            }
            return new Fleet.Tcp(hp.substring(0, colon), port, id);
        }
        throw n.error("expected tcp:<host:port> or rtu:<tty>, was '" + text + "'");
    }

    private static String sha(YamlNode n) throws ConfigException {
        String s = n.asString().trim();
        if (!(s.equals(DeclaredComponent.REFERENCE_BUILD) || s.equals("n/a") || s.matches("[0-9a-f]{64}"))) {
            throw n.error("expected 64 lowercase hex digits, n/a or " + DeclaredComponent.REFERENCE_BUILD + ", was '" + s + "'");
        }
        return s;
    }
}
