package io.samsa.protocol.generator;

import io.samsa.protocol.generator.FieldType.ArrayType;
import io.samsa.protocol.generator.FieldType.Primitive;
import io.samsa.protocol.generator.FieldType.StructType;

/**
 * Emits the statements that read, write or size one field's value, for the versions in which the
 * caller has established the field is on the wire ({@code known}). Choosing between compact and
 * classic encodings and between nullable and not happens here, simplified against {@code known}.
 */
final class FieldCodeEmitter {
    private final Versions messageFlexible;

    FieldCodeEmitter(Versions messageFlexible) {
        this.messageFlexible = messageFlexible;
    }

    void read(CodeBuffer out, FieldSpec field, String target, String label, Versions known) {
        Condition compact = compact(field, known);
        Condition nullable = nullable(field, known);
        if (field.type() instanceof ArrayType array) {
            // Declares locals: the caller provides a scope.
            String element = JavaTypes.boxedType(array.element());
            out.line("int count = WireFormat.readArrayLength(readable, %s, %s, \"%s\");", compact, nullable, label);
            if (!nullable.isFalse()) {
                out.open("if (count < 0)");
                out.line("%s = null;", target);
                out.reopen("else");
            }
            out.line("List<%s> list = new ArrayList<>(count);", element);
            out.open("for (int i = 0; i < count; i++)");
            out.line("list.add(%s);", readExpression(array.element(), false, compact, label));
            out.close();
            out.line("%s = list;", target);
            if (!nullable.isFalse()) {
                out.close();
            }
        } else if (field.type() instanceof StructType struct && !nullable.isFalse()) {
            String read = "new " + struct.name() + "(readable, version)";
            if (nullable.isTrue()) {
                out.line("%s = WireFormat.readStructPresence(readable) ? %s : null;", target, read);
            } else {
                out.open("if (%s)", nullable);
                out.line("%s = WireFormat.readStructPresence(readable) ? %s : null;", target, read);
                out.reopen("else");
                out.line("%s = %s;", target, read);
                out.close();
            }
        } else {
            out.line("%s = %s;", target, readExpression(field.type(), field.zeroCopy(), compact, nullable, label));
        }
    }

    /** Bytes of the value when its type has a fixed size, else -1. */
    static int fixedSize(FieldSpec field) {
        return field.type() instanceof Primitive p ? p.fixedSize() : -1;
    }

    void write(CodeBuffer out, FieldSpec field, String value, String label, Versions known) {
        Condition compact = compact(field, known);
        Condition nullable = nullable(field, known);
        if (field.type() instanceof ArrayType array) {
            out.line("WireFormat.writeArrayLength(writable, %s, %s, %s, \"%s\");", value, compact, nullable, label);
            if (!nullable.isFalse()) {
                out.open("if (%s != null)", value);
            }
            out.open("for (%s element : %s)", JavaTypes.boxedType(array.element()), value);
            out.line(writeStatement(array.element(), false, "element", compact, Condition.FALSE, label));
            out.close();
            if (!nullable.isFalse()) {
                out.close();
            }
        } else if (field.type() instanceof StructType && !nullable.isFalse()) {
            out.line("WireFormat.writeStructPresence(writable, %s, %s, \"%s\");", value, nullable, label);
            out.open("if (%s != null)", value);
            out.line("%s.write(writable, version);", value);
            out.close();
        } else {
            out.line(writeStatement(field.type(), field.zeroCopy(), value, compact, nullable, label));
        }
    }

    void size(CodeBuffer out, FieldSpec field, String value, String accumulator, Versions known) {
        Condition compact = compact(field, known);
        Condition nullable = nullable(field, known);
        if (field.type() instanceof ArrayType array) {
            out.line("%s += WireFormat.sizeOfArrayLength(%s, %s);", accumulator, value, compact);
            int fixed = array.element() instanceof Primitive p ? p.fixedSize() : -1;
            if (!nullable.isFalse()) {
                out.open("if (%s != null)", value);
            }
            if (fixed > 0) {
                out.line("%s += %s.size() * %d;", accumulator, value, fixed);
            } else {
                out.open("for (%s element : %s)", JavaTypes.boxedType(array.element()), value);
                out.line("%s += %s;", accumulator, sizeExpression(array.element(), false, "element", compact));
                out.close();
            }
            if (!nullable.isFalse()) {
                out.close();
            }
        } else if (field.type() instanceof StructType && !nullable.isFalse()) {
            out.line("%s += 1;", accumulator);
            out.open("if (%s != null)", value);
            out.line("%s += %s.size(version);", accumulator, value);
            out.close();
        } else {
            out.line("%s += %s;", accumulator, sizeExpression(field.type(), field.zeroCopy(), value, compact));
        }
    }

    private Condition compact(FieldSpec field, Versions known) {
        return Condition.in(field.compactVersionsIn(messageFlexible), known);
    }

    private static Condition nullable(FieldSpec field, Versions known) {
        boolean canBeNull = field.type() instanceof ArrayType
                || field.type() instanceof StructType
                || ((Primitive) field.type()).canBeNull();
        return canBeNull ? Condition.in(field.nullableVersions(), known) : Condition.FALSE;
    }

    private static String readExpression(FieldType type, boolean zeroCopy, Condition compact, String label) {
        return readExpression(type, zeroCopy, compact, Condition.FALSE, label);
    }

    private static String readExpression(
            FieldType type, boolean zeroCopy, Condition compact, Condition nullable, String label) {
        if (type instanceof StructType struct) {
            return "new " + struct.name() + "(readable, version)";
        }
        String args = "readable, " + compact + ", " + nullable + ", \"" + label + "\"";
        return switch ((Primitive) type) {
            case BOOL -> "readable.readByte() != 0";
            case INT8 -> "readable.readByte()";
            case INT16 -> "readable.readShort()";
            case UINT16 -> "Short.toUnsignedInt(readable.readShort())";
            case INT32 -> "readable.readInt()";
            case UINT32 -> "Integer.toUnsignedLong(readable.readInt())";
            case INT64 -> "readable.readLong()";
            case FLOAT64 -> "readable.readDouble()";
            case UUID -> "readable.readUuid()";
            case STRING -> "WireFormat.readString(" + args + ")";
            case BYTES -> zeroCopy ? "WireFormat.readByteBuffer(" + args + ")" : "WireFormat.readBytes(" + args + ")";
            case RECORDS -> "WireFormat.readRecords(" + args + ")";
        };
    }

    private static String writeStatement(
            FieldType type, boolean zeroCopy, String value, Condition compact, Condition nullable, String label) {
        if (type instanceof StructType) {
            return value + ".write(writable, version);";
        }
        String args = "writable, " + value + ", " + compact + ", " + nullable + ", \"" + label + "\"";
        return switch ((Primitive) type) {
            case BOOL -> "writable.writeByte(" + value + " ? (byte) 1 : (byte) 0);";
            case INT8 -> "writable.writeByte(" + value + ");";
            case INT16 -> "writable.writeShort(" + value + ");";
            case UINT16 -> "writable.writeShort((short) " + value + ");";
            case INT32 -> "writable.writeInt(" + value + ");";
            case UINT32 -> "writable.writeInt((int) " + value + ");";
            case INT64 -> "writable.writeLong(" + value + ");";
            case FLOAT64 -> "writable.writeDouble(" + value + ");";
            case UUID -> "writable.writeUuid(" + value + ");";
            case STRING -> "WireFormat.writeString(" + args + ");";
            case BYTES -> zeroCopy ? "WireFormat.writeByteBuffer(" + args + ");" : "WireFormat.writeBytes(" + args + ");";
            case RECORDS -> "WireFormat.writeRecords(" + args + ");";
        };
    }

    private static String sizeExpression(FieldType type, boolean zeroCopy, String value, Condition compact) {
        if (type instanceof StructType) {
            return value + ".size(version)";
        }
        Primitive p = (Primitive) type;
        if (p.fixedSize() > 0) {
            return Integer.toString(p.fixedSize());
        }
        return switch (p) {
            case STRING -> "WireFormat.sizeOfString(" + value + ", " + compact + ")";
            case BYTES -> zeroCopy
                    ? "WireFormat.sizeOfByteBuffer(" + value + ", " + compact + ")"
                    : "WireFormat.sizeOfBytes(" + value + ", " + compact + ")";
            case RECORDS -> "WireFormat.sizeOfRecords(" + value + ", " + compact + ")";
            default -> throw new IllegalStateException("fixed-size type " + p);
        };
    }
}
