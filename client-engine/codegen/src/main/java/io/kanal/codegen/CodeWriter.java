package io.kanal.codegen;

/** Builds Java source text line by line, keeping indentation for nested blocks. Not thread-safe. */
public final class CodeWriter {
    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();
    private int depth;

    /**
     * Appends one line at the current indentation.
     *
     * @param text the line, without a line break
     * @return this writer
     */
    public CodeWriter line(String text) {
        if (!text.isEmpty()) {
            out.append(INDENT.repeat(depth));
        }
        out.append(text).append('\n');
        return this;
    }

    /**
     * Appends an empty line.
     *
     * @return this writer
     */
    public CodeWriter blank() {
        out.append('\n');
        return this;
    }

    /**
     * Appends a line that opens a block ({@code ... {}) and indents what follows.
     *
     * @param text the line up to, without, the brace
     * @return this writer
     */
    public CodeWriter open(String text) {
        line(text + " {");
        depth++;
        return this;
    }

    /**
     * Opens an {@code if} block, or a bare block when the condition is the literal {@code true} (the block still
     * scopes the locals declared inside it).
     *
     * @param condition a Java boolean expression
     * @return this writer
     */
    public CodeWriter openIf(String condition) {
        if (condition.equals("true")) {
            line("{");
            depth++;
            return this;
        }
        return open("if (" + condition + ")");
    }

    /**
     * Closes the innermost block.
     *
     * @return this writer
     */
    public CodeWriter close() {
        return close("");
    }

    /**
     * Closes the innermost block, with text after the brace (for {@code } else {} or {@code };}).
     *
     * @param suffix what follows the closing brace
     * @return this writer
     */
    public CodeWriter close(String suffix) {
        depth--;
        line("}" + suffix);
        return this;
    }

    /**
     * Closes the innermost block and opens a following one, as in {@code } else {}.
     *
     * @param text the text between the braces
     * @return this writer
     */
    public CodeWriter reopen(String text) {
        depth--;
        line("} " + text + " {");
        depth++;
        return this;
    }

    /**
     * Appends a Javadoc comment.
     *
     * @param lines its lines, already escaped
     * @return this writer
     */
    public CodeWriter javadoc(String... lines) {
        line("/**");
        for (String l : lines) {
            line(l.isEmpty() ? " *" : " * " + l);
        }
        return line(" */");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * Escapes text for a Javadoc comment.
     *
     * @param text the text
     * @return text safe inside a comment and valid HTML
     */
    public static String doc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("*/", "*&#47;")
                .replace("@", "&#64;");
    }

    /**
     * Quotes text as a Java string literal.
     *
     * @param text the text
     * @return the literal, with quotes
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
