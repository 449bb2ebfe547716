package io.samsa.protocol.generator;

import java.util.List;

/**
 * One field of a struct, as declared in a spec.
 *
 * @param tag the tag when the field is tagged in {@code taggedVersions}, else null
 * @param defaultValue the spec's default, verbatim (e.g. {@code "-1"}, {@code "0x7fffffff"},
 *     {@code "null"}), or null for the type's natural default
 * @param flexibleVersions a per-field override of the message's flexible versions, or null
 * @param fields the fields of an inline struct declared here, else empty
 */
public record FieldSpec(
        String name,
        FieldType type,
        Versions versions,
        Versions nullableVersions,
        Versions taggedVersions,
        Integer tag,
        boolean ignorable,
        String defaultValue,
        boolean zeroCopy,
        Versions flexibleVersions,
        String about,
        List<FieldSpec> fields) {

    public boolean isTaggedSomewhere() {
        return tag != null;
    }

    /** Versions in which the field is a regular (positional) field. */
    public Versions regularVersions() {
        return tag == null ? versions : versions.intersect(taggedVersions.below());
    }

    /** Versions in which the field travels in the tagged-field section, given the message's flexible versions. */
    public Versions taggedVersionsIn(Versions messageFlexible) {
        return tag == null ? Versions.NONE : versions.intersect(taggedVersions).intersect(messageFlexible);
    }

    /** Versions in which the field uses compact encodings. */
    public Versions compactVersionsIn(Versions messageFlexible) {
        return flexibleVersions != null ? flexibleVersions : messageFlexible;
    }

    public boolean defaultIsNull() {
        return "null".equals(defaultValue);
    }
}
