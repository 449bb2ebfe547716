package io.samsa.protocol.generator;

import io.samsa.protocol.generator.FieldType.ArrayType;
import io.samsa.protocol.generator.FieldType.Primitive;
import io.samsa.protocol.generator.FieldType.StructType;

/** How spec types map to Java: declared types, defaults, and the comparisons the generated code needs. */
public final class JavaTypes {
    private JavaTypes() {}

    /** The declared Java type of a field. */
    public static String javaType(FieldSpec field) {
        return javaType(field.type(), field.zeroCopy());
    }

    private static String javaType(FieldType type, boolean zeroCopy) {
        if (type instanceof ArrayType array) {
            return "List<" + boxedType(array.element()) + ">";
        }
        if (type instanceof StructType struct) {
            return struct.name();
        }
        return switch ((Primitive) type) {
            case BOOL -> "boolean";
            case INT8 -> "byte";
            case INT16 -> "short";
            case UINT16, INT32 -> "int";
            case UINT32, INT64 -> "long";
            case FLOAT64 -> "double";
            case STRING -> "String";
            case BYTES -> zeroCopy ? "ByteBuffer" : "byte[]";
            case RECORDS -> "Records";
            case UUID -> "UUID";
        };
    }

    /** The type of an array element, boxed for use in a List. */
    public static String boxedType(FieldType element) {
        if (element instanceof StructType struct) {
            return struct.name();
        }
        return switch ((Primitive) element) {
            case BOOL -> "Boolean";
            case INT8 -> "Byte";
            case INT16 -> "Short";
            case UINT16, INT32 -> "Integer";
            case UINT32, INT64 -> "Long";
            case FLOAT64 -> "Double";
            case STRING -> "String";
            case UUID -> "UUID";
            case BYTES, RECORDS -> throw new SpecException("arrays of " + element + " are not supported");
        };
    }

    /** The Java expression for a field's default value. */
    public static String defaultExpression(FieldSpec field) {
        FieldType type = field.type();
        String spec = field.defaultValue();
        if (type instanceof ArrayType) {
            requireNullOrAbsent(field);
            return field.defaultIsNull() ? "null" : "new ArrayList<>(0)";
        }
        if (type instanceof StructType struct) {
            requireNullOrAbsent(field);
            return field.defaultIsNull() ? "null" : "new " + struct.name() + "()";
        }
        Primitive p = (Primitive) type;
        return switch (p) {
            case BOOL -> {
                if (spec != null && !spec.equals("true") && !spec.equals("false")) {
                    throw new SpecException("field " + field.name() + ": invalid bool default " + spec);
                }
                yield spec == null ? "false" : spec;
            }
            case INT8 -> "(byte) " + integer(field, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16 -> "(short) " + integer(field, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT16 -> Long.toString(integer(field, 0, 0xffff));
            case INT32 -> Long.toString(integer(field, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> integer(field, 0, 0xffffffffL) + "L";
            case INT64 -> integer(field, Long.MIN_VALUE, Long.MAX_VALUE) + "L";
            case FLOAT64 -> {
                double d = spec == null ? 0.0 : Double.parseDouble(spec);
                if (!Double.isFinite(d)) {
                    throw new SpecException("field " + field.name() + ": non-finite default " + spec);
                }
                yield Double.toString(d);
            }
            case STRING -> spec == null ? "\"\"" : field.defaultIsNull() ? "null" : Names.stringLiteral(spec);
            case BYTES -> {
                requireNullOrAbsent(field);
                if (field.defaultIsNull()) {
                    yield "null";
                }
                yield field.zeroCopy() ? "WireFormat.emptyBuffer()" : "WireFormat.EMPTY_BYTES";
            }
            case RECORDS -> {
                requireNullOrAbsent(field);
                // Kafka defaults records to null; a field never nullable starts empty instead, so that
                // a fresh message can be written as it is.
                yield field.nullableVersions().isEmpty() && !field.defaultIsNull() ? "ByteBufferRecords.empty()" : "null";
            }
            case UUID -> {
                requireNullOrAbsent(field);
                yield "WireFormat.ZERO_UUID";
            }
        };
    }

    /** A Java expression that is true when {@code value} differs from the field's default. */
    public static String nonDefault(FieldSpec field, String value) {
        FieldType type = field.type();
        if (field.defaultIsNull()) {
            return value + " != null";
        }
        if (type instanceof ArrayType) {
            return value + " == null || !" + value + ".isEmpty()";
        }
        if (type instanceof StructType struct) {
            return "!new " + struct.name() + "().equals(" + value + ")";
        }
        return switch ((Primitive) type) {
            case BOOL -> defaultExpression(field).equals("true") ? "!" + value : value;
            case INT8, INT16, UINT16, INT32, UINT32, INT64 -> value + " != " + defaultExpression(field);
            case FLOAT64 -> "Double.compare(" + value + ", " + defaultExpression(field) + ") != 0";
            case STRING -> "!" + defaultExpression(field) + ".equals(" + value + ")";
            case BYTES -> field.zeroCopy()
                    ? value + " == null || " + value + ".hasRemaining()"
                    : value + " == null || " + value + ".length != 0";
            case RECORDS -> defaultExpression(field).equals("null")
                    ? value + " != null"
                    : value + " == null || " + value + ".sizeInBytes() != 0";
            case UUID -> "!WireFormat.ZERO_UUID.equals(" + value + ")";
        };
    }

    /** A Java expression that is true when two values of the field's type differ. */
    public static String differsExpression(FieldSpec field, String a, String b) {
        if (field.type() instanceof Primitive p) {
            switch (p) {
                case BOOL, INT8, INT16, UINT16, INT32, UINT32, INT64 -> {
                    return a + " != " + b;
                }
                case FLOAT64 -> {
                    return "Double.compare(" + a + ", " + b + ") != 0";
                }
                case BYTES -> {
                    if (!field.zeroCopy()) {
                        return "!Arrays.equals(" + a + ", " + b + ")";
                    }
                }
                default -> {
                    // compared as objects below
                }
            }
        }
        return "!Objects.equals(" + a + ", " + b + ")";
    }

    /** A Java int expression hashing a value of the field's type. */
    public static String hashExpression(FieldSpec field, String value) {
        if (field.type() instanceof Primitive p) {
            switch (p) {
                case BOOL -> {
                    return "Boolean.hashCode(" + value + ")";
                }
                case INT8 -> {
                    return "Byte.hashCode(" + value + ")";
                }
                case INT16 -> {
                    return "Short.hashCode(" + value + ")";
                }
                case UINT16, INT32 -> {
                    return "Integer.hashCode(" + value + ")";
                }
                case UINT32, INT64 -> {
                    return "Long.hashCode(" + value + ")";
                }
                case FLOAT64 -> {
                    return "Double.hashCode(" + value + ")";
                }
                case BYTES -> {
                    if (!field.zeroCopy()) {
                        return "Arrays.hashCode(" + value + ")";
                    }
                }
                default -> {
                    // hashed as an object below
                }
            }
        }
        return "Objects.hashCode(" + value + ")";
    }

    /** A Java String expression rendering a value for toString(). */
    public static String toStringExpression(FieldSpec field, String value) {
        if (field.type() == Primitive.BYTES && !field.zeroCopy()) {
            return "Arrays.toString(" + value + ")";
        }
        if (field.type() == Primitive.STRING) {
            return "(" + value + " == null ? \"null\" : \"'\" + " + value + " + \"'\")";
        }
        return value;
    }

    private static long integer(FieldSpec field, long min, long max) {
        String spec = field.defaultValue();
        if (spec == null) {
            return 0;
        }
        long value;
        try {
            String s = spec.trim();
            boolean negative = s.startsWith("-");
            String digits = negative ? s.substring(1) : s;
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                long magnitude = Long.parseLong(digits.substring(2), 16);
                value = negative ? -magnitude : magnitude;
            } else {
                value = Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            throw new SpecException("field " + field.name() + ": invalid integer default " + spec);
        }
        if (value < min || value > max) {
            throw new SpecException("field " + field.name() + ": default " + spec + " is out of range for " + field.type());
        }
        return value;
    }

    private static void requireNullOrAbsent(FieldSpec field) {
        if (field.defaultValue() != null && !field.defaultIsNull()) {
            throw new SpecException("field " + field.name() + " of type " + field.type()
                    + " can only default to null, not " + field.defaultValue());
        }
    }
}
