package io.samsa.protocol.generator;

import java.util.Set;

/** Java names derived from the specs' PascalCase names. */
public final class Names {
    private static final Set<String> JAVA_KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_");

    /** No-argument methods every generated class already has; a getter must not collide with them. */
    private static final Set<String> MESSAGE_METHODS = Set.of(
            "lowestSupportedVersion", "highestSupportedVersion", "unknownTaggedFields", "hashCode",
            "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize");

    private Names() {}

    /** The field and getter name: {@code ErrorCode} becomes {@code errorCode}. */
    public static String fieldName(FieldSpec field, boolean apiMessage) {
        String camel = Character.toLowerCase(field.name().charAt(0)) + field.name().substring(1);
        boolean clash = JAVA_KEYWORDS.contains(camel)
                || MESSAGE_METHODS.contains(camel)
                || (apiMessage && camel.equals("apiKey"));
        return clash ? camel + "Field" : camel;
    }

    public static String setterName(String fieldName) {
        return "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
    }

    /** {@code DescribeTopicPartitions} becomes {@code DESCRIBE_TOPIC_PARTITIONS}. */
    public static String upperSnake(String pascal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pascal.length(); i++) {
            char c = pascal.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char previous = pascal.charAt(i - 1);
                boolean nextIsLower = i + 1 < pascal.length() && Character.isLowerCase(pascal.charAt(i + 1));
                if (!Character.isUpperCase(previous) || nextIsLower) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    /** A Java string literal for {@code value}, quotes included. */
    public static String stringLiteral(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Text safe inside a Javadoc comment. */
    public static String javadoc(String text) {
        // Backslashes go too: javac reads unicode escapes even inside comments.
        return text.replace("\\", "&#92;")
                .replace("*/", "*&#47;")
                .replace("@", "{@literal @}")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
