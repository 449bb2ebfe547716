package io.samsa.protocol;

import java.util.List;

/**
 * A Kafka protocol structure that can be encoded in each of its versions. One object represents
 * every version: reading resets the fields a version lacks to their defaults, and writing drops
 * them (or refuses, when dropping would lose meaning).
 */
public interface Message {
    /** Replaces every field with what the input holds for {@code version}. */
    void read(Readable readable, short version);

    /**
     * Encodes this message as {@code version}.
     *
     * @throws UnsupportedVersionException if the version is out of range, or a field the version
     *     cannot carry holds a non-default value that must not be silently dropped
     */
    void write(Writable writable, short version);

    /** The exact number of bytes {@link #write} produces for {@code version}. */
    int size(short version);

    short lowestSupportedVersion();

    short highestSupportedVersion();

    /** Tagged fields this code does not know, kept so that they are written back unchanged (mutable). */
    List<RawTaggedField> unknownTaggedFields();
}
