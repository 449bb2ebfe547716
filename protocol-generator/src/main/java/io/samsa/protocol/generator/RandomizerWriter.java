package io.samsa.protocol.generator;

import io.samsa.protocol.generator.FieldType.ArrayType;
import io.samsa.protocol.generator.FieldType.Primitive;
import io.samsa.protocol.generator.FieldType.StructType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes, into the test sources, a class that fills a message with random non-default values for
 * one version: every field the version carries (tagged ones included), null where the version
 * allows it some of the time, 0-3 array elements, and unknown tagged fields in flexible versions.
 */
final class RandomizerWriter {
    private final MessageSpec message;
    private final StructRegistry registry;

    RandomizerWriter(MessageSpec message, StructRegistry registry) {
        this.message = message;
        this.registry = registry;
    }

    static String className(MessageSpec message) {
        return message.className() + "Randomizer";
    }

    String render() {
        CodeBuffer out = new CodeBuffer();
        String top = message.className();
        out.line("/** Random, non-default {@link %s} values for round-trip tests. */", top);
        out.open("public final class %s", className(message));
        out.open("private %s()", className(message));
        out.close();
        out.blank();
        out.open("public static %s random(RandomValues random, short version)", top);
        fill(out, message.topLevelStruct(), top, true);
        out.close();
        for (StructSpec nested : registry.nestedStructs()) {
            out.blank();
            String type = top + "." + nested.name();
            out.open("static %s %s(RandomValues random, short version)", type, methodName(nested.name()));
            fill(out, nested, type, false);
            out.close();
        }
        out.close();
        return JavaFile.render("io.samsa.protocol.message", message.fileName(), out.toString(), List.of());
    }

    private void fill(CodeBuffer out, StructSpec struct, String type, boolean topLevel) {
        Versions known = struct.versions();
        Versions flexible = message.flexibleVersions();
        boolean apiMessage = topLevel && message.isApiMessage();
        out.line("%s message = new %s();", type, type);
        for (FieldSpec field : struct.fields()) {
            Condition present = Condition.in(field.regularVersions(), known)
                    .or(Condition.in(field.taggedVersionsIn(flexible), known));
            if (present.isFalse()) {
                continue;
            }
            String setter = Names.setterName(Names.fieldName(field, apiMessage));
            String value = value(field.type(), field);
            // Only reached where the field is present, so nullability is judged within its versions.
            Condition nullable = canBeNull(field.type())
                    ? Condition.in(field.nullableVersions(), field.versions().intersect(known))
                    : Condition.FALSE;
            if (!nullable.isFalse()) {
                value = nullable.and(new Condition("random.isNull()")) + " ? null : " + value;
            }
            if (present.isTrue()) {
                out.line("message.%s(%s);", setter, value);
            } else {
                out.open("if (%s)", present);
                out.line("message.%s(%s);", setter, value);
                out.close();
            }
        }
        Condition flexibleNow = Condition.in(flexible, known);
        if (!flexibleNow.isFalse()) {
            String tags = struct.fields().stream()
                    .filter(FieldSpec::isTaggedSomewhere)
                    .map(f -> Integer.toString(f.tag()))
                    .collect(Collectors.joining(", "));
            String add = "message.unknownTaggedFields().addAll(random.unknownTaggedFields(" + tags + "));";
            if (flexibleNow.isTrue()) {
                out.line(add);
            } else {
                out.open("if (%s)", flexibleNow);
                out.line(add);
                out.close();
            }
        }
        out.line("return message;");
    }

    private String value(FieldType type, FieldSpec field) {
        if (type instanceof ArrayType array) {
            return "random.list(() -> " + value(array.element(), null) + ")";
        }
        if (type instanceof StructType struct) {
            registry.get(struct.name());
            return methodName(struct.name()) + "(random, version)";
        }
        // Array elements (field == null) need no particular value; fields must differ from their default.
        String def = field == null ? null : JavaTypes.defaultExpression(field);
        return switch ((Primitive) type) {
            case BOOL -> def == null ? "random.bool()" : def.equals("true") ? "false" : "true";
            case INT8 -> "random.int8(" + (def == null ? "(byte) 0" : def) + ")";
            case INT16 -> "random.int16(" + (def == null ? "(short) 0" : def) + ")";
            case UINT16 -> "random.uint16(" + (def == null ? "0" : def) + ")";
            case INT32 -> "random.int32(" + (def == null ? "0" : def) + ")";
            case UINT32 -> "random.uint32(" + (def == null ? "0L" : def) + ")";
            case INT64 -> "random.int64(" + (def == null ? "0L" : def) + ")";
            case FLOAT64 -> "random.float64(" + (def == null ? "0.0" : def) + ")";
            case STRING -> "random.string(" + (def == null ? "\"\"" : def) + ")";
            case BYTES -> field != null && field.zeroCopy() ? "random.byteBuffer()" : "random.bytes()";
            case RECORDS -> "random.records()";
            case UUID -> "random.uuid()";
        };
    }

    private static boolean canBeNull(FieldType type) {
        return !(type instanceof Primitive p) || p.canBeNull();
    }

    private static String methodName(String structName) {
        return "random" + structName;
    }
}
