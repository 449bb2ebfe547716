package io.samsa.protocol.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structs of one spec: inline structs (declared by a field with {@code fields}) and
 * commonStructs (declared once, used by name). Each becomes a nested class of the message class;
 * its versions are those of the declaring field (or its own), clipped to the message's.
 */
public final class StructRegistry {
    private final MessageSpec message;
    private final Map<String, StructSpec> structs = new LinkedHashMap<>();

    private StructRegistry(MessageSpec message) {
        this.message = message;
    }

    public static StructRegistry of(MessageSpec message) {
        StructRegistry registry = new StructRegistry(message);
        registry.collect(message.fields());
        for (StructSpec common : message.commonStructs()) {
            registry.define(new StructSpec(
                    common.name(), common.versions().intersect(message.validVersions()), common.fields()));
            registry.collect(common.fields());
        }
        registry.checkReferences(message.fields());
        registry.structs.values().forEach(s -> registry.checkReferences(s.fields()));
        return registry;
    }

    /** Nested structs in declaration order. */
    public List<StructSpec> nestedStructs() {
        return new ArrayList<>(structs.values());
    }

    public StructSpec get(String name) {
        StructSpec struct = structs.get(name);
        if (struct == null) {
            throw new SpecException(message.fileName() + ": unknown struct " + name);
        }
        return struct;
    }

    private void collect(List<FieldSpec> fields) {
        for (FieldSpec field : fields) {
            FieldType.StructType struct = field.type().structType();
            if (struct == null) {
                if (!field.fields().isEmpty()) {
                    throw new SpecException(message.fileName() + ": field " + field.name() + " of type "
                            + field.type() + " cannot declare fields");
                }
                continue;
            }
            if (!field.fields().isEmpty()) {
                define(new StructSpec(
                        struct.name(), field.versions().intersect(message.validVersions()), field.fields()));
                collect(field.fields());
            }
        }
    }

    private void define(StructSpec struct) {
        if (struct.name().equals(message.className())) {
            throw new SpecException(message.fileName() + ": struct " + struct.name() + " clashes with the class name");
        }
        if (structs.putIfAbsent(struct.name(), struct) != null) {
            throw new SpecException(message.fileName() + ": struct " + struct.name() + " is declared twice");
        }
    }

    private void checkReferences(List<FieldSpec> fields) {
        for (FieldSpec field : fields) {
            FieldType.StructType struct = field.type().structType();
            if (struct != null) {
                get(struct.name());
            }
        }
    }
}
