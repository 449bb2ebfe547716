package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    @Test
    void utf8LengthMatchesTheEncoderIncludingUnpairedSurrogates() {
        // Given
        Random random = new Random(42);
        char[] alphabet = {'a', 'é', '漢', '\uD83D', '\uDE00', '\u07FF', '\u0800', '\uFFFF', 0};

        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(10); i > 0; i--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }

            // When
            int length = WireFormat.utf8Length(s);

            // Then
            assertThat(length).as("%s", s).isEqualTo(s.toString().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void stringsRoundTripInBothEncodingsWithPredictedSizes() {
        for (boolean compact : new boolean[] {false, true}) {
            for (String value : new String[] {"", "kafka", "漢字 😀", null}) {
                // Given
                ByteBufferWritable writable = new ByteBufferWritable();

                // When
                WireFormat.writeString(writable, value, compact, true, "s");

                // Then
                assertThat(writable.position()).isEqualTo(WireFormat.sizeOfString(value, compact));
                String read = WireFormat.readString(new ByteBufferReadable(writable.toByteBuffer()), compact, true, "s");
                assertThat(read).isEqualTo(value);
            }
        }
    }

    @Test
    void nullIsWrittenAsMinusOneOrCompactZero() {
        // Given
        ByteBufferWritable classic = new ByteBufferWritable();
        ByteBufferWritable compact = new ByteBufferWritable();

        // When
        WireFormat.writeBytes(classic, null, false, true, "b");
        WireFormat.writeArrayLength(compact, null, true, true, "a");

        // Then
        assertThat(classic.toByteBuffer().getInt()).isEqualTo(-1);
        assertThat(compact.toByteBuffer().get()).isZero();
    }

    @Test
    void nullInANonNullableFieldFailsOnBothSides() {
        // Given
        ByteBuffer nullString = ByteBuffer.allocate(2).putShort(0, (short) -1);

        // When / Then
        assertThatThrownBy(() -> WireFormat.writeString(new ByteBufferWritable(), null, false, false, "name"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> WireFormat.readString(new ByteBufferReadable(nullString), false, false, "name"))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("name");
    }

    @Test
    void refusesToWriteStringsLongerThanTheProtocolAllows() {
        // Given
        String tooLong = "x".repeat(WireFormat.MAX_STRING_LENGTH + 1);

        // When / Then
        assertThatThrownBy(() -> WireFormat.writeString(new ByteBufferWritable(), tooLong, true, false, "s"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactStringLengthAboveTheLimitIsMalformed() {
        // Given: compact length 40000 + 1
        ByteBufferWritable writable = new ByteBufferWritable();
        writable.writeUnsignedVarint(40_001);
        writable.writeBytes(new byte[40_000]);

        // When / Then
        assertThatThrownBy(() -> WireFormat.readString(new ByteBufferReadable(writable.toByteBuffer()), true, false, "s"))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void unknownTaggedFieldsInterleaveWithKnownTagsInAscendingOrder() {
        // Given
        List<RawTaggedField> unknown = List.of(
                new RawTaggedField(1, new byte[] {10}), new RawTaggedField(5, new byte[] {50, 51}));
        ByteBufferWritable writable = new ByteBufferWritable();

        // When
        int next = WireFormat.writeUnknownTaggedFieldsBefore(writable, unknown, 0, 3);
        writable.writeByte((byte) 3); // where a known field with tag 3 would go
        WireFormat.writeRemainingUnknownTaggedFields(writable, unknown, next);

        // Then
        ByteBuffer written = writable.toByteBuffer();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        assertThat(bytes).containsExactly(1, 1, 10, 3, 5, 2, 50, 51);
        assertThat(WireFormat.sizeOfUnknownTaggedFields(unknown)).isEqualTo(7);
    }

    @Test
    void rawTaggedFieldsCompareByContent() {
        // Given
        RawTaggedField a = new RawTaggedField(4, new byte[] {1, 2});
        RawTaggedField b = new RawTaggedField(4, new byte[] {1, 2});

        // When / Then
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new RawTaggedField(5, new byte[] {1, 2}));
        assertThat(RawTaggedField.sameFields(null, List.of())).isTrue();
        assertThat(RawTaggedField.sameFields(List.of(a), null)).isFalse();
    }
}
