package io.github.ccrhil.evidence.yaml;

/**
 * A configuration file (scenario, plan, profile) is wrong. The message is one line naming the
 * file, the line and the field, fit to print as it is.
 */
public final class ConfigException extends Exception {

    private final String file;
    private final int line;
    private final String field;

    public ConfigException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() { return file; }

    /** 1-based line, or 0 when unknown. */
    public int line() { return line; }

    public String field() { return field; }
}
