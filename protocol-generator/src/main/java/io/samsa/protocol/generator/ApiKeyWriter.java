package io.samsa.protocol.generator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes the {@code ApiKey} enum: one constant per API, with versions, header rules and factories. */
final class ApiKeyWriter {
    private static final int CONTROLLED_SHUTDOWN = 7;
    private static final int API_VERSIONS = 18;

    private final List<MessageSpec> requests;
    private final Map<Integer, MessageSpec> responses;
    private final Versions requestHeaderVersions;

    ApiKeyWriter(List<MessageSpec> specs) {
        this.requests = specs.stream()
                .filter(s -> s.kind() == MessageSpec.Kind.REQUEST)
                .sorted(Comparator.comparingInt(MessageSpec::apiKey))
                .toList();
        this.responses = specs.stream()
                .filter(s -> s.kind() == MessageSpec.Kind.RESPONSE)
                .collect(Collectors.toMap(MessageSpec::apiKey, s -> s, (a, b) -> {
                    throw new SpecException("two responses for API key " + a.apiKey());
                }, TreeMap::new));
        this.requestHeaderVersions = specs.stream()
                .filter(s -> s.name().equals("RequestHeader"))
                .findFirst()
                .orElseThrow(() -> new SpecException("RequestHeader.json is missing"))
                .validVersions();
        for (MessageSpec request : requests) {
            MessageSpec response = responses.get(request.apiKey());
            if (response == null) {
                throw new SpecException(request.fileName() + ": no response spec for API key " + request.apiKey());
            }
            if (!request.validVersions().equals(response.validVersions())) {
                throw new SpecException(request.fileName() + ": request and response versions differ");
            }
        }
        if (requests.stream().map(MessageSpec::apiKey).distinct().count() != requests.size()) {
            throw new SpecException("two requests share an API key");
        }
    }

    String render() {
        CodeBuffer out = new CodeBuffer();
        out.line("/**");
        out.line(" * The APIs of the Kafka protocol, as declared by the request specs: key, versions, listeners,");
        out.line(" * which header versions frame them, and factories for their bodies.");
        out.line(" */");
        out.open("public enum ApiKey");
        for (int i = 0; i < requests.size(); i++) {
            MessageSpec r = requests.get(i);
            String listeners = r.listeners().stream().map(Names::stringLiteral).collect(Collectors.joining(", "));
            out.line("%s(%d, \"%s\", %d, %d, %d, %d, %s, Set.of(%s))%s",
                    constantName(r), r.apiKey(), displayName(r),
                    r.validVersions().lowest(), r.validVersions().highest(),
                    r.flexibleVersions().lowest(), r.flexibleVersions().highest(),
                    r.latestVersionUnstable(), listeners, i == requests.size() - 1 ? ";" : ",");
        }
        out.blank();
        out.line("private static final ApiKey[] BY_ID = indexById();");
        out.blank();
        out.line("private final short id;");
        out.line("private final String displayName;");
        out.line("private final short lowestSupportedVersion;");
        out.line("private final short highestSupportedVersion;");
        out.line("private final short lowestFlexibleVersion;");
        out.line("private final short highestFlexibleVersion;");
        out.line("private final boolean latestVersionUnstable;");
        out.line("private final Set<String> listeners;");
        out.blank();
        out.open("ApiKey(int id, String displayName, int lowest, int highest, int lowestFlexible, "
                + "int highestFlexible, boolean latestVersionUnstable, Set<String> listeners)");
        out.line("this.id = (short) id;");
        out.line("this.displayName = displayName;");
        out.line("this.lowestSupportedVersion = (short) lowest;");
        out.line("this.highestSupportedVersion = (short) highest;");
        out.line("this.lowestFlexibleVersion = (short) lowestFlexible;");
        out.line("this.highestFlexibleVersion = (short) highestFlexible;");
        out.line("this.latestVersionUnstable = latestVersionUnstable;");
        out.line("this.listeners = listeners;");
        out.close();
        out.blank();
        out.line("/** The API with this key, or null if there is none. */");
        out.open("public static ApiKey forId(int id)");
        out.line("return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;");
        out.close();
        out.blank();
        out.open("private static ApiKey[] indexById()");
        out.line("int max = 0;");
        out.open("for (ApiKey key : values())");
        out.line("max = Math.max(max, key.id);");
        out.close();
        out.line("ApiKey[] byId = new ApiKey[max + 1];");
        out.open("for (ApiKey key : values())");
        out.line("byId[key.id] = key;");
        out.close();
        out.line("return byId;");
        out.close();
        getter(out, "short", "id", "The API key on the wire.");
        getter(out, "String", "displayName", "The API's name as Kafka spells it, e.g. \"ApiVersions\".");
        getter(out, "short", "lowestSupportedVersion", "The lowest version in the specs.");
        getter(out, "short", "highestSupportedVersion",
                "The highest version in the specs; below the lowest when Kafka keeps the key only to reserve it.");
        getter(out, "boolean", "latestVersionUnstable", "Whether the highest version is still under development.");
        getter(out, "Set<String>", "listeners", "The listener kinds that serve this API, e.g. \"broker\", \"controller\".");
        out.blank();
        out.line("/** Whether the specs define this version. */");
        out.open("public boolean isVersionSupported(short version)");
        out.line("return version >= lowestSupportedVersion && version <= highestSupportedVersion;");
        out.close();
        out.blank();
        out.line("/** Whether this version uses compact encodings and tagged fields. */");
        out.open("public boolean isFlexible(short version)");
        out.line("return version >= lowestFlexibleVersion && version <= highestFlexibleVersion;");
        out.close();
        out.blank();
        writeRequestHeaderVersion(out);
        out.blank();
        out.line("/** The response header version: 1 in flexible versions, else 0; ApiVersions always uses 0 (KIP-511). */");
        out.open("public short responseHeaderVersion(short apiVersion)");
        out.open("if (this == %s)", constantName(API_VERSIONS));
        out.line("// A client that does not yet know the broker's versions must be able to parse the reply.");
        out.line("return 0;");
        out.close();
        out.line("return isFlexible(apiVersion) ? (short) 1 : (short) 0;");
        out.close();
        out.blank();
        writeFactory(out, "newRequest", "Request", true);
        out.blank();
        writeFactory(out, "newResponse", "Response", false);
        out.close();
        return JavaFile.render("io.samsa.protocol", "the request and response specs", out.toString(), List.of());
    }

    private void writeRequestHeaderVersion(CodeBuffer out) {
        out.line("/** The request header version: 2 in flexible versions, else 1. */");
        out.open("public short requestHeaderVersion(short apiVersion)");
        MessageSpec controlledShutdown = requests.stream()
                .filter(r -> r.apiKey() == CONTROLLED_SHUTDOWN)
                .findFirst()
                .orElse(null);
        if (controlledShutdown != null
                && controlledShutdown.validVersions().contains(0)
                && requestHeaderVersions.contains(0)) {
            out.open("if (this == %s && apiVersion == 0)", constantName(controlledShutdown));
            out.line("// ControlledShutdown v0 predates the client id, so it is framed with header v0.");
            out.line("return 0;");
            out.close();
        }
        out.line("return isFlexible(apiVersion) ? (short) 2 : (short) 1;");
        out.close();
    }

    private void writeFactory(CodeBuffer out, String method, String suffix, boolean request) {
        out.line("/** A new, default %s body of this API. */", suffix.toLowerCase(java.util.Locale.ROOT));
        out.open("public ApiMessage %s()", method);
        out.open("return switch (this)");
        for (MessageSpec r : requests) {
            MessageSpec spec = request ? r : responses.get(r.apiKey());
            if (spec.hasVersions()) {
                out.line("case %s -> new %s();", constantName(r), qualified(spec));
            } else {
                out.line("case %s -> throw new UnsupportedVersionException(\"%s has no supported versions\");",
                        constantName(r), displayName(r));
            }
        }
        out.close(";");
        out.close();
    }

    private static void getter(CodeBuffer out, String type, String name, String doc) {
        out.blank();
        out.line("/** %s */", doc);
        out.open("public %s %s()", type, name);
        out.line("return %s;", name);
        out.close();
    }

    private static String qualified(MessageSpec spec) {
        return "io.samsa.protocol.message." + spec.className();
    }

    private static String displayName(MessageSpec request) {
        String name = request.name();
        if (!name.endsWith("Request")) {
            throw new SpecException(request.fileName() + ": a request's name must end in 'Request'");
        }
        return name.substring(0, name.length() - "Request".length());
    }

    private String constantName(int apiKey) {
        return requests.stream()
                .filter(r -> r.apiKey() == apiKey)
                .findFirst()
                .map(ApiKeyWriter::constantName)
                .orElseThrow(() -> new SpecException("no request spec for API key " + apiKey));
    }

    private static String constantName(MessageSpec request) {
        return Names.upperSnake(displayName(request));
    }
}
