package io.samsa.protocol.generator;

import io.samsa.protocol.generator.FieldType.Primitive;
import java.util.List;

/**
 * Writes one struct as a Java class: fields, constructors, version bounds, the codec methods,
 * equals/hashCode/toString and fluent accessors. The top-level class also holds every nested
 * struct of its spec as a static nested class.
 */
final class StructClassWriter {
    private final MessageSpec message;
    private final StructRegistry registry;

    StructClassWriter(MessageSpec message, StructRegistry registry) {
        this.message = message;
        this.registry = registry;
    }

    void writeTopLevel(CodeBuffer out) {
        StructSpec struct = message.topLevelStruct();
        out.line("/**");
        out.line(" * %s, generated from Kafka's {@code %s} (versions %s, flexible %s).",
                describe(), message.fileName(), message.validVersions(), message.flexibleVersions());
        out.line(" */");
        String type = message.isApiMessage() ? "ApiMessage" : "Message";
        out.open("public final class %s implements %s", struct.name(), type);
        out.line("public static final short LOWEST_SUPPORTED_VERSION = %d;", struct.versions().lowest());
        out.line("public static final short HIGHEST_SUPPORTED_VERSION = %d;", struct.versions().highest());
        out.blank();
        writeBody(out, struct, true);
        for (StructSpec nested : registry.nestedStructs()) {
            out.blank();
            out.open("public static final class %s implements Message", nested.name());
            writeBody(out, nested, false);
            out.close();
        }
        out.close();
    }

    private String describe() {
        return switch (message.kind()) {
            case REQUEST, RESPONSE -> "Body of " + message.name() + " (API key " + message.apiKey() + ")";
            case HEADER -> "The " + message.name();
            case DATA -> "The " + message.name() + " structure";
        };
    }

    private void writeBody(CodeBuffer out, StructSpec struct, boolean topLevel) {
        boolean apiMessage = topLevel && message.isApiMessage();
        List<FieldSpec> fields = struct.fields();
        for (FieldSpec field : fields) {
            out.line("private %s %s;", JavaTypes.javaType(field), name(field, apiMessage));
        }
        out.line("private List<RawTaggedField> unknownTaggedFields;");
        out.blank();

        out.line("/** A message holding every field's default. */");
        out.open("public %s()", struct.name());
        for (FieldSpec field : fields) {
            out.line("this.%s = %s;", name(field, apiMessage), JavaTypes.defaultExpression(field));
        }
        out.close();
        out.blank();
        out.line("/** Reads a message of the given version. */");
        out.open("public %s(Readable readable, short version)", struct.name());
        out.line("read(readable, version);");
        out.close();
        out.blank();

        if (apiMessage) {
            out.line("@Override");
            out.open("public short apiKey()");
            out.line("return %d;", message.apiKey());
            out.close();
            out.blank();
        }
        out.line("@Override");
        out.open("public short lowestSupportedVersion()");
        out.line("return %d;", struct.versions().lowest());
        out.close();
        out.blank();
        out.line("@Override");
        out.open("public short highestSupportedVersion()");
        out.line("return %d;", struct.versions().highest());
        out.close();
        out.blank();

        new CodecMethodsWriter(struct, message.flexibleVersions(), apiMessage).writeAll(out);
        out.blank();
        writeEquals(out, struct, apiMessage);
        out.blank();
        writeHashCode(out, struct, apiMessage);
        out.blank();
        writeToString(out, struct, apiMessage);
        for (FieldSpec field : fields) {
            out.blank();
            writeAccessors(out, struct, field, apiMessage);
        }
        out.blank();
        out.line("@Override");
        out.open("public List<RawTaggedField> unknownTaggedFields()");
        out.open("if (this.unknownTaggedFields == null)");
        out.line("this.unknownTaggedFields = new ArrayList<>(0);");
        out.close();
        out.line("return this.unknownTaggedFields;");
        out.close();
    }

    private void writeEquals(CodeBuffer out, StructSpec struct, boolean apiMessage) {
        out.line("@Override");
        out.open("public boolean equals(Object o)");
        out.open("if (this == o)");
        out.line("return true;");
        out.close();
        out.open("if (!(o instanceof %s other))", struct.name());
        out.line("return false;");
        out.close();
        for (FieldSpec field : struct.fields()) {
            String n = name(field, apiMessage);
            out.open("if (%s)", JavaTypes.differsExpression(field, "this." + n, "other." + n));
            out.line("return false;");
            out.close();
        }
        out.line("return RawTaggedField.sameFields(this.unknownTaggedFields, other.unknownTaggedFields);");
        out.close();
    }

    private void writeHashCode(CodeBuffer out, StructSpec struct, boolean apiMessage) {
        // Unknown tagged fields are left out: equal messages must hash alike, and null equals empty.
        out.line("@Override");
        out.open("public int hashCode()");
        out.line("int hash = 0;");
        for (FieldSpec field : struct.fields()) {
            out.line("hash = 31 * hash + %s;", JavaTypes.hashExpression(field, "this." + name(field, apiMessage)));
        }
        out.line("return hash;");
        out.close();
    }

    private void writeToString(CodeBuffer out, StructSpec struct, boolean apiMessage) {
        out.line("@Override");
        out.open("public String toString()");
        if (struct.fields().isEmpty()) {
            out.line("return \"%s()\";", struct.name());
        } else {
            out.line("return \"%s(\"", struct.name());
            String separator = "";
            for (FieldSpec field : struct.fields()) {
                String n = name(field, apiMessage);
                out.line("    + \"%s%s=\" + %s", separator, n, JavaTypes.toStringExpression(field, "this." + n));
                separator = ", ";
            }
            out.line("    + \")\";");
        }
        out.close();
    }

    private void writeAccessors(CodeBuffer out, StructSpec struct, FieldSpec field, boolean apiMessage) {
        String n = name(field, apiMessage);
        String type = JavaTypes.javaType(field);
        String about = field.about().isBlank() ? field.name() : field.about();
        out.line("/** %s */", Names.javadoc(about));
        out.open("public %s %s()", type, n);
        out.line("return this.%s;", n);
        out.close();
        out.blank();
        out.open("public %s %s(%s value)", struct.name(), Names.setterName(n), type);
        if (field.type() == Primitive.UINT16) {
            out.open("if (value < 0 || value > 0xffff)");
            out.line("throw new IllegalArgumentException(\"%s must be an unsigned 16-bit value, not \" + value);", n);
            out.close();
        } else if (field.type() == Primitive.UINT32) {
            out.open("if (value < 0 || value > 0xffffffffL)");
            out.line("throw new IllegalArgumentException(\"%s must be an unsigned 32-bit value, not \" + value);", n);
            out.close();
        }
        out.line("this.%s = value;", n);
        out.line("return this;");
        out.close();
    }

    private static String name(FieldSpec field, boolean apiMessage) {
        return Names.fieldName(field, apiMessage);
    }
}
