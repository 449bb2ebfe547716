package io.samsa.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private static final String REQUEST = """
            // A comment, as in Kafka's specs.
            {
              "apiKey": 18,
              "type": "request",
              "listeners": ["broker"],
              "name": "ApiVersionsRequest",
              "validVersions": "0-1",
              "flexibleVersions": "1+",
              "fields": [
                { "name": "ClientSoftwareName", "type": "string", "versions": "1+", "about": "The name." },
                { "name": "Extra", "type": "int64", "versions": "1+", "taggedVersions": "1+", "tag": 0,
                  "default": "-1", "about": "A tagged field." },
              ]
            }
            """;
    private static final String RESPONSE = """
            { "apiKey": 18, "type": "response", "name": "ApiVersionsResponse",
              "validVersions": "0-1", "flexibleVersions": "1+",
              "fields": [ { "name": "Keys", "type": "[]Key", "versions": "0+", "about": "",
                            "fields": [ { "name": "Id", "type": "int16", "versions": "0+" } ] } ] }
            """;
    private static final String HEADER = """
            { "type": "header", "name": "RequestHeader", "validVersions": "1-2", "flexibleVersions": "2+",
              "fields": [] }
            """;

    @TempDir
    Path dir;

    @Test
    void generatesClassesTheApiKeyEnumAndTestSupport() throws IOException {
        // Given
        Path specs = specs();

        // When
        Main.main(new String[] {specs.toString(), dir.resolve("main").toString(), dir.resolve("test").toString()});

        // Then
        Path message = dir.resolve("main/io/samsa/protocol/message");
        String request = Files.readString(message.resolve("ApiVersionsRequestData.java"));
        assertThat(request)
                .contains("public final class ApiVersionsRequestData implements ApiMessage")
                .contains("public ApiVersionsRequestData setClientSoftwareName(String value)")
                .contains("case 0 ->");
        assertThat(Files.readString(message.resolve("ApiVersionsResponseData.java")))
                .contains("public static final class Key implements Message");
        assertThat(Files.readString(dir.resolve("main/io/samsa/protocol/ApiKey.java")))
                .contains("API_VERSIONS(18, \"ApiVersions\", 0, 1, 1, 32767, false, Set.of(\"broker\"));");
        assertThat(dir.resolve("test/io/samsa/protocol/message/MessageCatalog.java")).exists();
        assertThat(dir.resolve("test/io/samsa/protocol/message/ApiVersionsRequestDataRandomizer.java")).exists();
    }

    @Test
    void rewritesOnlyWhatChangedAndDeletesStaleFiles() throws IOException {
        // Given
        Path specs = specs();
        Main.generate(specs, dir.resolve("main"), dir.resolve("test"));
        Path request = dir.resolve("main/io/samsa/protocol/message/ApiVersionsRequestData.java");
        Path stale = dir.resolve("main/io/samsa/protocol/message/GoneData.java");
        Files.writeString(stale, "class GoneData {}");
        Files.setLastModifiedTime(request, java.nio.file.attribute.FileTime.fromMillis(0));

        // When
        Main.generate(specs, dir.resolve("main"), dir.resolve("test"));

        // Then
        assertThat(Files.getLastModifiedTime(request).toMillis()).isZero();
        assertThat(stale).doesNotExist();
    }

    @Test
    void namesTheSpecThatCannotBeGenerated() throws IOException {
        // Given
        Path specs = specs();
        Files.writeString(specs.resolve("BrokenRequest.json"), """
                { "apiKey": 99, "type": "request", "name": "BrokenRequest", "validVersions": "0",
                  "fields": [ { "name": "X", "type": "int99", "versions": "0+" } ] }
                """);

        // When / Then
        assertThatThrownBy(() -> Main.generate(specs, dir.resolve("main"), dir.resolve("test")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("BrokenRequest.json")
                .hasMessageContaining("int99");
    }

    private Path specs() throws IOException {
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.writeString(specs.resolve("ApiVersionsRequest.json"), REQUEST);
        Files.writeString(specs.resolve("ApiVersionsResponse.json"), RESPONSE);
        Files.writeString(specs.resolve("RequestHeader.json"), HEADER);
        return specs;
    }
}
