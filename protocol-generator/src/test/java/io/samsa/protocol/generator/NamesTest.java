package io.samsa.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void constantNamesMatchKafkasApiKeyNames() {
        // Given / When / Then
        assertThat(Names.upperSnake("ApiVersions")).isEqualTo("API_VERSIONS");
        assertThat(Names.upperSnake("DescribeTopicPartitions")).isEqualTo("DESCRIBE_TOPIC_PARTITIONS");
        assertThat(Names.upperSnake("LeaderAndIsr")).isEqualTo("LEADER_AND_ISR");
        assertThat(Names.upperSnake("Produce")).isEqualTo("PRODUCE");
    }

    @Test
    void fieldNamesAreCamelCaseAndAvoidClashes() {
        // Given
        FieldSpec errorCode = field("ErrorCode");
        FieldSpec apiKey = field("ApiKey");
        FieldSpec keyword = field("Default");

        // When / Then
        assertThat(Names.fieldName(errorCode, false)).isEqualTo("errorCode");
        assertThat(Names.fieldName(apiKey, false)).isEqualTo("apiKey");
        assertThat(Names.fieldName(apiKey, true)).isEqualTo("apiKeyField");
        assertThat(Names.fieldName(keyword, false)).isEqualTo("defaultField");
        assertThat(Names.setterName("errorCode")).isEqualTo("setErrorCode");
    }

    @Test
    void escapesStringLiterals() {
        // Given
        String value = "a\"b\\c\né";

        // When
        String literal = Names.stringLiteral(value);

        // Then
        assertThat(literal).isEqualTo("\"a\\\"b\\\\c\\n\\u00e9\"");
    }

    static FieldSpec field(String name) {
        return new FieldSpec(name, FieldType.Primitive.INT16, Versions.ALL, Versions.NONE, Versions.NONE,
                null, false, null, false, null, "", List.of());
    }
}
