package io.samsa.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaTypesTest {
    @Test
    void defaultsAcceptDecimalHexAndNull() {
        // Given / When / Then
        assertThat(JavaTypes.defaultExpression(field("int32", "0x7fffffff"))).isEqualTo("2147483647");
        assertThat(JavaTypes.defaultExpression(field("int32", "-2147483648"))).isEqualTo("-2147483648");
        assertThat(JavaTypes.defaultExpression(field("int64", "9223372036854775807"))).isEqualTo("9223372036854775807L");
        assertThat(JavaTypes.defaultExpression(field("int8", "-1"))).isEqualTo("(byte) -1");
        assertThat(JavaTypes.defaultExpression(field("bool", "true"))).isEqualTo("true");
        assertThat(JavaTypes.defaultExpression(field("string", "null"))).isEqualTo("null");
        assertThat(JavaTypes.defaultExpression(field("string", null))).isEqualTo("\"\"");
        assertThat(JavaTypes.defaultExpression(field("uuid", null))).isEqualTo("WireFormat.ZERO_UUID");
        assertThat(JavaTypes.defaultExpression(field("[]int32", null))).isEqualTo("new ArrayList<>(0)");
    }

    @Test
    void rejectsDefaultsTheTypeCannotHold() {
        // Given
        FieldSpec tooBig = field("int8", "200");
        FieldSpec notABool = field("bool", "yes");
        FieldSpec arrayWithValue = field("[]int32", "1");

        // When / Then
        assertThatThrownBy(() -> JavaTypes.defaultExpression(tooBig)).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> JavaTypes.defaultExpression(notABool)).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> JavaTypes.defaultExpression(arrayWithValue)).isInstanceOf(SpecException.class);
    }

    @Test
    void mapsSpecTypesToJavaTypes() {
        // Given / When / Then
        assertThat(JavaTypes.javaType(field("uint16", null))).isEqualTo("int");
        assertThat(JavaTypes.javaType(field("uint32", null))).isEqualTo("long");
        assertThat(JavaTypes.javaType(field("bytes", null))).isEqualTo("byte[]");
        assertThat(JavaTypes.javaType(field("records", null))).isEqualTo("Records");
        assertThat(JavaTypes.javaType(field("[]int64", null))).isEqualTo("List<Long>");
        assertThat(JavaTypes.javaType(field("[]Topic", null))).isEqualTo("List<Topic>");
    }

    private static FieldSpec field(String type, String defaultValue) {
        return new FieldSpec("F", FieldType.parse(type), Versions.ALL, Versions.NONE, Versions.NONE,
                null, false, defaultValue, false, null, "", List.of());
    }
}
