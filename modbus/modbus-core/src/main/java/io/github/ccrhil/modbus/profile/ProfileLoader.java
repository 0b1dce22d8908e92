package io.github.ccrhil.modbus.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes profiles (YAML). Every problem is reported as one line naming the file, the
 * line and the field, e.g. {@code vendor.yaml:14: points[2].type: type must be one of ...}.
 */
public final class ProfileLoader {

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private ProfileLoader() {
    }

    public static Profile load(Path file) throws ProfileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.getFileName().toString());
    }

    /**
     * A profile shipped as a classpath resource: a broken one is a build defect, not bad input.
     *
     * @param anchor a class whose class loader holds the resource
     */
    public static Profile shipped(Class<?> anchor, String resource) {
        try {
            return parse(resourceText(anchor, resource), resource.substring(resource.lastIndexOf('/') + 1));
        } catch (ProfileException e) {
            throw new IllegalStateException("the shipped profile is broken: " + e.getMessage(), e);
        }
    }

    /** A shipped resource's text, looked up through {@code anchor}'s class loader. */
    public static String resourceText(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** A shipped resource's text. */
    public static String resourceText(String resource) {
        return resourceText(ProfileLoader.class, resource);
    }

    /**
     * Parses profile text.
     *
     * @param source name used in messages (usually the file name)
     */
    public static Profile parse(String text, String source) throws ProfileException {
        String unknown = unknownField(text, source);
        if (unknown != null) {
            throw new ProfileException(unknown);
        }
        Profile profile;
        try {
            profile = MAPPER.readValue(text, Profile.class);
        } catch (JsonMappingException e) {
            throw new ProfileException(source + ":" + line(e.getLocation()) + ": " + path(e) + root(e), e);
        } catch (JsonProcessingException e) {
            throw new ProfileException(source + ":" + line(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (profile == null) {
            throw new ProfileException(source + ":1: empty profile");
        }
        Map<Integer, String> problems = profile.crossPointProblems();
        if (!problems.isEmpty()) {
            Map.Entry<Integer, String> first = problems.entrySet().iterator().next();
            List<Integer> lines = pointLines(text);
            int line = first.getKey() < lines.size() ? lines.get(first.getKey()) : 0;
            throw new ProfileException(source + ":" + line + ": points[" + first.getKey() + "]." + first.getValue());
        }
        try {
            profile.rolePolicy();
        } catch (IllegalArgumentException e) {
            int line = 0;
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size() && line == 0; i++) {
                if (lines.get(i).startsWith("roles:")) {
                    line = i + 1;
                }
            }
            throw new ProfileException(source + ":" + line + ": " + e.getMessage(), e);
        }
        return profile;
    }

    /** YAML text of a profile, as the CLI prints it. */
    public static String toYaml(Profile profile) {
        try {
            return MAPPER.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write profile " + profile.profile(), e);
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.length() == 0 ? "(top)" : sb.toString();
    }

    private static String root(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
        if (message == null) {
            message = t.toString();
        }
        message = message.replace('\n', ' ').replace('\r', ' ');
        if (message.startsWith("Unrecognized field")) {
            int cut = message.indexOf(" (class");
            message = cut > 0 ? message.substring(0, cut) : message;
        }
        int reader = message.indexOf(" in 'reader'");
        if (reader > 0) {
            message = message.substring(0, reader);
        }
        int cut = message.indexOf(" at [Source");
        return ": " + (cut > 0 ? message.substring(0, cut) : message);
    }

    private static final java.util.Set<String> TOP_FIELDS = java.util.Set.of(
            "profile", "format", "vendor", "product", "unit-id", "word-order", "description", "points", "roles");
    private static final java.util.Set<String> POINT_FIELDS = java.util.Set.of(
            "name", "table", "address", "type", "length", "scale", "unit", "access", "min", "max", "values", "description");

    /** A misspelled field, reported where it is (databind would only report the missing one). */
    private static String unknownField(String text, String source) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            int depth = 0;
            int pointIndex = -1;
            boolean inPoints = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (inPoints && depth == 2 && t == JsonToken.START_OBJECT) {
                        pointIndex++;
                    }
                    if (depth == 1 && t == JsonToken.START_ARRAY && "points".equals(p.getParsingContext().getParent().getCurrentName())) {
                        inPoints = true;
                    }
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth == 1) {
                        inPoints = false;
                    }
                } else if (t == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    if (depth == 1 && !TOP_FIELDS.contains(name)) {
                        return source + ":" + line + ": " + name + ": unknown field (known: " + new java.util.TreeSet<>(TOP_FIELDS) + ")";
                    }
                    if (inPoints && depth == 3 && !POINT_FIELDS.contains(name)) {
                        return source + ":" + line + ": points[" + pointIndex + "]." + name + ": unknown field (known: "
                                + new java.util.TreeSet<>(POINT_FIELDS) + ")";
                    }
                }
            }
        } catch (IOException e) {
            return null; // databind reports the syntax error with its location
        }
        return null;
    }

    /** Line of the start of each element of the top-level {@code points} list. */
    static List<Integer> pointLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            int depth = 0;
            boolean inPoints = false;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (inPoints && depth == 2 && t == JsonToken.START_OBJECT) {
                        lines.add(p.currentTokenLocation().getLineNr());
                    }
                    if (depth == 1 && t == JsonToken.START_ARRAY && "points".equals(p.getParsingContext().getParent().getCurrentName())) {
                        inPoints = true;
                    }
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (depth == 1) {
                        inPoints = false;
                    }
                }
            }
        } catch (IOException e) {
            // the text parsed once already; a failure here only costs the line number
        }
        return lines;
    }
}
