package io.github.ccrhil.evidence.yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML (or JSON) node that remembers where it came from, so that every complaint about a
 * configuration names the file, the line and the field. Mappings reject keys nobody asked for
 * (see {@link #rejectUnknownKeys()}), so a misspelt field is an error, not a silent default.
 */
public final class YamlNode {

    private final String file;
    private final String path;
    private final Node node;
    private final Set<String> consumed = new LinkedHashSet<>();

    private YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public static YamlNode parse(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 0, "", "cannot read: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    public static YamlNode parse(String fileName, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Node root;
        try (Reader reader = new StringReader(text)) {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(fileName, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            throw new ConfigException(fileName, 0, "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) {
            throw new ConfigException(fileName, 1, "", "file is empty");
        }
        return new YamlNode(fileName, "", root);
    }

    public String file() { return file; }

    public String path() { return path; }

    /** 1-based line of this node. */
    public int line() { return node.getStartMark().getLine() + 1; }

    public ConfigException error(String problem) {
        return new ConfigException(file, line(), path, problem);
    }

    public boolean isMapping() { return node instanceof MappingNode; }

    public boolean isSequence() { return node instanceof SequenceNode; }

    public boolean isScalar() { return node instanceof ScalarNode; }

    private Map<String, Node> mapping() throws ConfigException {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of fields");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(file, t.getKeyNode().getStartMark().getLine() + 1, path, "field names must be plain text");
            }
            out.put(k.getValue(), t.getValueNode());
        }
        return out;
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The field's keys in file order. */
    public List<String> keys() throws ConfigException {
        return new ArrayList<>(mapping().keySet());
    }

    public boolean has(String key) throws ConfigException {
        return mapping().containsKey(key);
    }

    public Optional<YamlNode> optional(String key) throws ConfigException {
        Node child = mapping().get(key);
        consumed.add(key);
        if (child == null || (child instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"))) {
            return Optional.empty();
        }
        return Optional.of(new YamlNode(file, childPath(key), child));
    }

    public YamlNode required(String key) throws ConfigException {
        return optional(key).orElseThrow(() -> new ConfigException(file, line(), childPath(key), "missing"));
    }

    /** Fails on the first key that no {@link #optional}/{@link #required} call asked for. */
    public void rejectUnknownKeys() throws ConfigException {
        MappingNode m = (MappingNode) node;
        for (NodeTuple t : m.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!consumed.contains(key)) {
                throw new ConfigException(file, t.getKeyNode().getStartMark().getLine() + 1, childPath(key),
                        "unknown field (known here: " + String.join(", ", consumed) + ")");
            }
        }
    }

    public List<YamlNode> elements() throws ConfigException {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<YamlNode> out = new ArrayList<>();
        List<Node> items = s.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    public String asString() throws ConfigException {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value");
        }
        return s.getValue();
    }

    public double asDouble() throws ConfigException {
        String s = asString().trim();
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw error("must be a finite number, was " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("expected a number, was '" + s + "'");
        }
    }

    public double asDouble(double min, double max) throws ConfigException {
        double v = asDouble();
        if (v < min || v > max) {
            throw error("must be within " + fmt(min) + ".." + fmt(max) + ", was " + fmt(v));
        }
        return v;
    }

    public long asLong() throws ConfigException {
        String s = asString().trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("expected a whole number, was '" + s + "'");
        }
    }

    public int asInt(int min, int max) throws ConfigException {
        long v = asLong();
        if (v < min || v > max) {
            throw error("must be within " + min + ".." + max + ", was " + v);
        }
        return (int) v;
    }

    public boolean asBoolean() throws ConfigException {
        String s = asString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, was '" + s + "'");
        };
    }

    /**
     * A fraction written either as a plain number (0.25) or a percentage ("25%"), returned as
     * the fraction, checked against [min, max].
     */
    public double asFraction(double min, double max) throws ConfigException {
        String s = asString().trim();
        double v;
        try {
            v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100.0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error("expected a fraction such as 0.25 or 25%, was '" + s + "'");
        }
        if (!(v >= min && v <= max)) {
            throw error("must be within " + fmt(min * 100) + "%.." + fmt(max * 100) + "%, was " + s);
        }
        return v;
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|min|h)?");

    /** "250ms", "1.5s", "2min", "1h", or a bare number of seconds. */
    public Duration asDuration() throws ConfigException {
        String s = asString().trim();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw error("expected a duration such as 500ms, 2.5s, 3min or 1h, was '" + s + "'");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> 3600e9;
        };
        double nanos = value * nanosPerUnit;
        if (nanos > 366.0 * 24 * 3600e9) {
            throw error("duration longer than a year: " + s);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
