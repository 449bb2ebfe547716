package io.samsa.protocol.generator;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code read}, {@code write} and {@code size} of one struct class. Regular fields come in
 * declaration order; in flexible versions a tagged-field section follows, where known tagged
 * fields (written only when not default) and preserved unknown ones go out in one ascending tag
 * order.
 */
final class CodecMethodsWriter {
    private final StructSpec struct;
    private final Versions messageFlexible;
    private final boolean apiMessage;
    private final FieldCodeEmitter emitter;
    private final List<FieldSpec> taggedByTag;

    CodecMethodsWriter(StructSpec struct, Versions messageFlexible, boolean apiMessage) {
        this.struct = struct;
        this.messageFlexible = messageFlexible;
        this.apiMessage = apiMessage;
        this.emitter = new FieldCodeEmitter(messageFlexible);
        this.taggedByTag = struct.fields().stream()
                .filter(FieldSpec::isTaggedSomewhere)
                .sorted(Comparator.comparingInt(FieldSpec::tag))
                .toList();
        Set<Integer> tags = new HashSet<>();
        for (FieldSpec field : taggedByTag) {
            if (!tags.add(field.tag())) {
                throw new SpecException("struct " + struct.name() + " uses tag " + field.tag() + " twice");
            }
        }
    }

    void writeAll(CodeBuffer out) {
        writeRead(out);
        out.blank();
        writeWrite(out);
        out.blank();
        writeSize(out);
    }

    private Versions known() {
        return struct.versions();
    }

    private Versions flexibleKnown() {
        return known().intersect(messageFlexible);
    }

    private void versionCheck(CodeBuffer out, String verb) {
        out.open("if (version < %d || version > %d)", known().lowest(), known().highest());
        out.line("throw new UnsupportedVersionException(\"Can't %s version \" + version + \" of %s\");",
                verb, struct.name());
        out.close();
    }

    private void writeRead(CodeBuffer out) {
        out.line("@Override");
        out.open("public void read(Readable readable, short version)");
        versionCheck(out, "read");
        for (FieldSpec field : struct.fields()) {
            String target = "this." + name(field);
            Condition regular = Condition.in(field.regularVersions(), known());
            String assignDefault = target + " = " + JavaTypes.defaultExpression(field) + ";";
            if (regular.isFalse()) {
                out.line(assignDefault);
            } else if (regular.isTrue()) {
                boolean scoped = field.type().isArray();
                if (scoped) {
                    out.open("");
                }
                emitter.read(out, field, target, name(field), regularKnown(field));
                if (scoped) {
                    out.close();
                }
            } else {
                out.open("if (%s)", regular);
                emitter.read(out, field, target, name(field), regularKnown(field));
                out.reopen("else");
                out.line(assignDefault);
                out.close();
            }
        }
        out.line("this.unknownTaggedFields = null;");
        Condition flexible = Condition.in(messageFlexible, known());
        if (!flexible.isFalse()) {
            openUnlessTrue(out, flexible);
            out.line("int taggedCount = readable.readUnsignedVarint();");
            out.open("for (int tagIndex = 0; tagIndex < taggedCount; tagIndex++)");
            out.line("int tag = readable.readUnsignedVarint();");
            out.line("int size = readable.readUnsignedVarint();");
            String readUnknown = "this.unknownTaggedFields = "
                    + "WireFormat.readUnknownTaggedField(readable, this.unknownTaggedFields, tag, size);";
            if (taggedByTag.isEmpty()) {
                out.line(readUnknown);
            } else {
                out.open("switch (tag)");
                for (FieldSpec field : taggedByTag) {
                    Condition tagged = Condition.in(field.taggedVersionsIn(messageFlexible), flexibleKnown());
                    if (tagged.isFalse()) {
                        continue;
                    }
                    out.open("case %d ->", field.tag());
                    if (tagged.isTrue()) {
                        emitter.read(out, field, "this." + name(field), name(field), taggedKnown(field));
                    } else {
                        out.open("if (%s)", tagged);
                        emitter.read(out, field, "this." + name(field), name(field), taggedKnown(field));
                        out.reopen("else");
                        out.line(readUnknown);
                        out.close();
                    }
                    out.close();
                }
                out.line("default -> " + readUnknown);
                out.close();
            }
            out.close();
            closeUnlessTrue(out, flexible);
        }
        out.close();
    }

    private void writeWrite(CodeBuffer out) {
        out.line("@Override");
        out.open("public void write(Writable writable, short version)");
        versionCheck(out, "write");
        for (FieldSpec field : struct.fields()) {
            String value = "this." + name(field);
            Condition regular = Condition.in(field.regularVersions(), known());
            Condition tagged = Condition.in(field.taggedVersionsIn(messageFlexible), known());
            Condition absent = regular.or(tagged).not();
            boolean checkAbsent = !field.ignorable() && !absent.isFalse();
            Condition nonDefault = new Condition(JavaTypes.nonDefault(field, value));
            if (regular.isTrue()) {
                emitter.write(out, field, value, name(field), regularKnown(field));
            } else if (!regular.isFalse()) {
                out.open("if (%s)", regular);
                emitter.write(out, field, value, name(field), regularKnown(field));
                if (checkAbsent && tagged.isFalse()) {
                    // Absent exactly where not regular: the check is the else branch.
                    out.reopen("else if (%s)", nonDefault);
                    throwNonDefault(out, field);
                    checkAbsent = false;
                }
                out.close();
            }
            if (checkAbsent) {
                out.open("if (%s)", absent.and(nonDefault));
                throwNonDefault(out, field);
                out.close();
            }
        }
        Condition flexible = Condition.in(messageFlexible, known());
        if (!flexible.isFalse()) {
            openUnlessTrue(out, flexible);
            out.line("int taggedCount = WireFormat.countOf(this.unknownTaggedFields);");
            for (FieldSpec field : taggedByTag) {
                Condition present = taggedPresent(field);
                if (!present.isFalse()) {
                    out.open("if (%s)", present);
                    out.line("taggedCount++;");
                    out.close();
                }
            }
            out.line("writable.writeUnsignedVarint(taggedCount);");
            boolean anyKnown = taggedByTag.stream().anyMatch(f -> !taggedPresent(f).isFalse());
            String index = anyKnown ? "unknownIndex" : "0";
            if (anyKnown) {
                out.line("int unknownIndex = 0;");
            }
            for (FieldSpec field : taggedByTag) {
                Condition present = taggedPresent(field);
                if (present.isFalse()) {
                    continue;
                }
                out.open("if (%s)", present);
                out.line("unknownIndex = WireFormat.writeUnknownTaggedFieldsBefore("
                        + "writable, this.unknownTaggedFields, unknownIndex, %d);", field.tag());
                out.line("writable.writeUnsignedVarint(%d);", field.tag());
                int fixed = FieldCodeEmitter.fixedSize(field);
                if (fixed > 0) {
                    out.line("writable.writeUnsignedVarint(%d);", fixed);
                } else {
                    out.line("int fieldSize = 0;");
                    emitter.size(out, field, "this." + name(field), "fieldSize", taggedKnown(field));
                    out.line("writable.writeUnsignedVarint(fieldSize);");
                }
                emitter.write(out, field, "this." + name(field), name(field), taggedKnown(field));
                out.close();
            }
            out.line("WireFormat.writeRemainingUnknownTaggedFields(writable, this.unknownTaggedFields, %s);", index);
            if (!flexible.isTrue()) {
                out.reopen("else if (WireFormat.countOf(this.unknownTaggedFields) > 0)");
                out.line("throw new UnsupportedVersionException("
                        + "\"Tagged fields were set, but version \" + version + \" of %s does not support them\");",
                        struct.name());
                out.close();
            }
        } else {
            out.open("if (WireFormat.countOf(this.unknownTaggedFields) > 0)");
            out.line("throw new UnsupportedVersionException("
                    + "\"Tagged fields were set, but version \" + version + \" of %s does not support them\");",
                    struct.name());
            out.close();
        }
        out.close();
    }

    private void writeSize(CodeBuffer out) {
        out.line("@Override");
        out.open("public int size(short version)");
        versionCheck(out, "size");
        out.line("int size = 0;");
        for (FieldSpec field : struct.fields()) {
            Condition regular = Condition.in(field.regularVersions(), known());
            if (regular.isTrue()) {
                emitter.size(out, field, "this." + name(field), "size", regularKnown(field));
            } else if (!regular.isFalse()) {
                out.open("if (%s)", regular);
                emitter.size(out, field, "this." + name(field), "size", regularKnown(field));
                out.close();
            }
        }
        Condition flexible = Condition.in(messageFlexible, known());
        if (!flexible.isFalse()) {
            openUnlessTrue(out, flexible);
            out.line("int taggedCount = WireFormat.countOf(this.unknownTaggedFields);");
            for (FieldSpec field : taggedByTag) {
                Condition present = taggedPresent(field);
                if (present.isFalse()) {
                    continue;
                }
                out.open("if (%s)", present);
                out.line("taggedCount++;");
                int fixed = FieldCodeEmitter.fixedSize(field);
                if (fixed > 0) {
                    out.line("size += WireFormat.sizeOfTaggedField(%d, %d);", field.tag(), fixed);
                } else {
                    out.line("int fieldSize = 0;");
                    emitter.size(out, field, "this." + name(field), "fieldSize", taggedKnown(field));
                    out.line("size += WireFormat.sizeOfTaggedField(%d, fieldSize);", field.tag());
                }
                out.close();
            }
            out.line("size += WireFormat.sizeOfUnknownTaggedFields(this.unknownTaggedFields);");
            out.line("size += Varints.sizeOfUnsignedVarint(taggedCount);");
            closeUnlessTrue(out, flexible);
        }
        out.line("return size;");
        out.close();
    }

    private void throwNonDefault(CodeBuffer out, FieldSpec field) {
        out.line("throw new UnsupportedVersionException("
                + "\"Attempted to write a non-default %s at version \" + version + \" of %s\");",
                name(field), struct.name());
    }

    /** Opens {@code if (condition)}, unless it always holds: then the code needs no guard. */
    private static void openUnlessTrue(CodeBuffer out, Condition condition) {
        if (!condition.isTrue()) {
            out.open("if (%s)", condition);
        }
    }

    private static void closeUnlessTrue(CodeBuffer out, Condition condition) {
        if (!condition.isTrue()) {
            out.close();
        }
    }

    /** In the tagged section: the field is tagged in this version and holds a non-default value. */
    private Condition taggedPresent(FieldSpec field) {
        Condition tagged = Condition.in(field.taggedVersionsIn(messageFlexible), flexibleKnown());
        return tagged.and(new Condition(JavaTypes.nonDefault(field, "this." + name(field))));
    }

    private Versions regularKnown(FieldSpec field) {
        return field.regularVersions().intersect(known());
    }

    private Versions taggedKnown(FieldSpec field) {
        return field.taggedVersionsIn(messageFlexible).intersect(known());
    }

    private String name(FieldSpec field) {
        return Names.fieldName(field, apiMessage);
    }
}
