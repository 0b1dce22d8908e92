package io.github.ccrhil.evidence.report;

/** Escaping for HTML and XML text and attribute values. */
public final class Markup {

    private Markup() { }

    /**
     * {@code s} safe inside an element or a quoted attribute: {@code < > & " '} as entities,
     * control characters other than newline and tab as a space (XML 1.0 forbids them).
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
