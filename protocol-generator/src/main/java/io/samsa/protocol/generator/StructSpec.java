package io.samsa.protocol.generator;

import java.util.List;

/** A struct: a message's top level, an inline struct of a field, or one of a spec's commonStructs. */
public record StructSpec(String name, Versions versions, List<FieldSpec> fields) {}
