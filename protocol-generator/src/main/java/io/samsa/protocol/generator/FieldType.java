package io.samsa.protocol.generator;

/** A field's type as the specs spell it: a primitive, {@code []Element}, or a struct by name. */
public sealed interface FieldType {
    enum Primitive implements FieldType {
        BOOL("bool"),
        INT8("int8"),
        INT16("int16"),
        UINT16("uint16"),
        INT32("int32"),
        UINT32("uint32"),
        INT64("int64"),
        FLOAT64("float64"),
        STRING("string"),
        BYTES("bytes"),
        RECORDS("records"),
        UUID("uuid");

        private final String specName;

        Primitive(String specName) {
            this.specName = specName;
        }

        /** Bytes on the wire when the encoding has a fixed size, else -1. */
        public int fixedSize() {
            return switch (this) {
                case BOOL, INT8 -> 1;
                case INT16, UINT16 -> 2;
                case INT32, UINT32 -> 4;
                case INT64, FLOAT64 -> 8;
                case UUID -> 16;
                case STRING, BYTES, RECORDS -> -1;
            };
        }

        /** Whether a value of this type can be null at all (given a nullable version). */
        public boolean canBeNull() {
            return this == STRING || this == BYTES || this == RECORDS;
        }

        @Override
        public String toString() {
            return specName;
        }
    }

    record ArrayType(FieldType element) implements FieldType {
        @Override
        public String toString() {
            return "[]" + element;
        }
    }

    record StructType(String name) implements FieldType {
        @Override
        public String toString() {
            return name;
        }
    }

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            FieldType element = parse(text.substring(2));
            if (element instanceof ArrayType) {
                throw new SpecException("arrays of arrays are not supported: " + text);
            }
            return new ArrayType(element);
        }
        for (Primitive p : Primitive.values()) {
            if (p.specName.equals(text)) {
                return p;
            }
        }
        if (text.isEmpty() || !Character.isUpperCase(text.charAt(0))) {
            throw new SpecException("unknown type '" + text + "'");
        }
        return new StructType(text);
    }

    default boolean isArray() {
        return this instanceof ArrayType;
    }

    default boolean isStruct() {
        return this instanceof StructType;
    }

    /** The struct this type is or holds, or null. */
    default StructType structType() {
        if (this instanceof StructType s) {
            return s;
        }
        if (this instanceof ArrayType a && a.element() instanceof StructType s) {
            return s;
        }
        return null;
    }
}
