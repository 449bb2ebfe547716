package io.samsa.protocol.generator;

/** Java source text with indentation tracked by {@link #open} and {@link #close}. */
public final class CodeBuffer {
    private static final String INDENT = "    ";

    private final StringBuilder text = new StringBuilder();
    private int depth;

    /** One line; {@code format} uses {@link String#format} placeholders when args are given. */
    public CodeBuffer line(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(format, args);
        if (!line.isEmpty()) {
            text.append(INDENT.repeat(depth)).append(line);
        }
        text.append('\n');
        return this;
    }

    public CodeBuffer blank() {
        return line("");
    }

    /** A line ending in an opening brace; the following lines are indented one level. */
    public CodeBuffer open(String format, Object... args) {
        String head = args.length == 0 ? format : String.format(format, args);
        line(head.isEmpty() ? "{" : head + " {");
        depth++;
        return this;
    }

    /** Closes the innermost brace. */
    public CodeBuffer close() {
        return close("");
    }

    /** Closes the innermost brace and continues on the same line, as in {@code "} else {"}. */
    public CodeBuffer close(String suffix) {
        if (depth == 0) {
            throw new IllegalStateException("unbalanced close");
        }
        depth--;
        return line("}" + suffix);
    }

    /** Closes the innermost brace and opens the next one: {@code "} else {"}. */
    public CodeBuffer reopen(String format, Object... args) {
        depth--;
        line("} " + (args.length == 0 ? format : String.format(format, args)) + " {");
        depth++;
        return this;
    }

    public int depth() {
        return depth;
    }

    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException("unbalanced braces: depth " + depth);
        }
        return text.toString();
    }
}
