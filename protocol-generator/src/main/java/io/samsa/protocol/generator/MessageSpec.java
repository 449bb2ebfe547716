package io.samsa.protocol.generator;

import java.util.List;

/**
 * One spec file: a request, response, header or standalone data structure.
 *
 * @param apiKey the API key of a request or response, else -1
 */
public record MessageSpec(
        String fileName,
        String name,
        Kind kind,
        int apiKey,
        Versions validVersions,
        Versions flexibleVersions,
        List<FieldSpec> fields,
        List<StructSpec> commonStructs,
        List<String> listeners,
        boolean latestVersionUnstable) {

    public enum Kind {
        REQUEST,
        RESPONSE,
        HEADER,
        DATA
    }

    /** The generated class: the spec's name plus "Data", unless the name already says so. */
    public String className() {
        return name.endsWith("Data") ? name : name + "Data";
    }

    public boolean isApiMessage() {
        return kind == Kind.REQUEST || kind == Kind.RESPONSE;
    }

    /** Specs that Kafka keeps only to reserve an API key ("validVersions": "none") produce no class. */
    public boolean hasVersions() {
        return !validVersions.isEmpty();
    }

    public StructSpec topLevelStruct() {
        return new StructSpec(className(), validVersions, fields);
    }
}
