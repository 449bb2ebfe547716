package io.samsa.protocol.generator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads Kafka's JSON message specs (JSON with {@code //} comments) into {@link MessageSpec}s. */
public final class SpecParser {
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    public MessageSpec parse(Path file) {
        JsonNode root;
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            root = mapper.readTree(parser);
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(file.getFileName().toString(), root);
        } catch (SpecException e) {
            throw new SpecException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    MessageSpec parse(String fileName, JsonNode root) {
        String name = required(root, "name").asText();
        MessageSpec.Kind kind = MessageSpec.Kind.valueOf(required(root, "type").asText().toUpperCase(Locale.ROOT));
        int apiKey = root.has("apiKey") ? root.get("apiKey").asInt() : -1;
        if ((kind == MessageSpec.Kind.REQUEST || kind == MessageSpec.Kind.RESPONSE) && apiKey < 0) {
            throw new SpecException("a " + kind + " needs an apiKey");
        }
        List<StructSpec> commonStructs = new ArrayList<>();
        for (JsonNode s : root.path("commonStructs")) {
            commonStructs.add(new StructSpec(
                    required(s, "name").asText(), Versions.parse(required(s, "versions").asText()), fields(s)));
        }
        List<String> listeners = new ArrayList<>();
        root.path("listeners").forEach(n -> listeners.add(n.asText()));
        return new MessageSpec(
                fileName,
                name,
                kind,
                apiKey,
                Versions.parse(required(root, "validVersions").asText()),
                Versions.parse(root.path("flexibleVersions").asText("none")),
                fields(root),
                List.copyOf(commonStructs),
                List.copyOf(listeners),
                root.path("latestVersionUnstable").asBoolean(false));
    }

    private List<FieldSpec> fields(JsonNode parent) {
        List<FieldSpec> fields = new ArrayList<>();
        for (JsonNode f : parent.path("fields")) {
            fields.add(field(f));
        }
        return List.copyOf(fields);
    }

    private FieldSpec field(JsonNode f) {
        String name = required(f, "name").asText();
        try {
            Integer tag = f.has("tag") ? f.get("tag").asInt() : null;
            Versions tagged = Versions.parse(f.path("taggedVersions").asText("none"));
            if ((tag == null) != tagged.isEmpty()) {
                throw new SpecException("'tag' and 'taggedVersions' must be given together");
            }
            if (tag != null && (tag < 0 || !tagged.isOpenEnded())) {
                throw new SpecException("tagged fields need a non-negative tag and open-ended taggedVersions");
            }
            return new FieldSpec(
                    name,
                    FieldType.parse(required(f, "type").asText()),
                    Versions.parse(required(f, "versions").asText()),
                    Versions.parse(f.path("nullableVersions").asText("none")),
                    tagged,
                    tag,
                    f.path("ignorable").asBoolean(false),
                    f.has("default") ? f.get("default").asText() : null,
                    f.path("zeroCopy").asBoolean(false),
                    f.has("flexibleVersions") ? Versions.parse(f.get("flexibleVersions").asText()) : null,
                    f.path("about").asText(""),
                    fields(f));
        } catch (SpecException e) {
            throw new SpecException("field " + name + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new SpecException("missing '" + key + "'");
        }
        return value;
    }
}
