package io.samsa.protocol.message;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.ByteBufferReadable;
import io.samsa.protocol.Message;
import io.samsa.protocol.MessageFormatException;
import io.samsa.protocol.MessageInfo;
import io.samsa.protocol.RandomValues;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes no peer should send: decoding must fail with {@link MessageFormatException}, quickly and
 * without allocating on the word of a length field.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedInputTest {
    private static final int MAX_PREFIXES = 48;
    private static final int CORRUPTIONS = 30;

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("io.samsa.protocol.message.KafkaClientsRoundTripTest#everyMessageVersion")
    void everyTruncationIsRejected(MessageInfo info, short version) {
        // Given
        Message message = info.randomizer().random(new RandomValues(version), version);
        byte[] bytes = KafkaClientsRoundTripTest.write(message, version);
        int step = Math.max(1, bytes.length / MAX_PREFIXES);

        for (int length = 0; length < bytes.length; length += step) {
            ByteBuffer truncated = ByteBuffer.wrap(bytes, 0, length);

            // When / Then
            int cut = length;
            assertThatThrownBy(() -> info.factory().get().read(new ByteBufferReadable(truncated), version))
                    .as("%s v%d cut to %d of %d bytes", info, version, cut, bytes.length)
                    .isInstanceOf(MessageFormatException.class);
        }
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("io.samsa.protocol.message.KafkaClientsRoundTripTest#everyMessageVersion")
    void corruptedBytesEitherDecodeOrAreRejected(MessageInfo info, short version) {
        // Given
        Random random = new Random(31L * info.specName().hashCode() + version);
        Message message = info.randomizer().random(new RandomValues(version), version);
        byte[] bytes = KafkaClientsRoundTripTest.write(message, version);

        for (int i = 0; i < CORRUPTIONS && bytes.length > 0; i++) {
            byte[] corrupt = bytes.clone();
            int position = random.nextInt(corrupt.length);
            // Large and negative lengths and counts are the interesting cases.
            corrupt[position] = switch (random.nextInt(4)) {
                case 0 -> (byte) 0xff;
                case 1 -> (byte) 0x7f;
                case 2 -> (byte) 0x80;
                default -> (byte) random.nextInt();
            };

            // When / Then
            assertThatCode(() -> decodeAllowingMalformed(info, corrupt, version))
                    .as("%s v%d with byte %d corrupted", info, version, position)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void hugeArrayCountIsRejectedWithoutAllocating() {
        // Given: MetadataRequest v4, topics count 2^31-1 with nothing behind it
        ByteBuffer bytes = ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 1).flip();

        // When / Then
        assertThatThrownBy(() -> new MetadataRequestData(new ByteBufferReadable(bytes), (short) 4))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("topics");
    }

    @Test
    void negativeArrayCountOtherThanNullIsRejected() {
        // Given
        ByteBuffer bytes = ByteBuffer.allocate(5).putInt(-2).put((byte) 1).flip();

        // When / Then
        assertThatThrownBy(() -> new MetadataRequestData(new ByteBufferReadable(bytes), (short) 4))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("negative length");
    }

    @Test
    void nullForANonNullableArrayIsRejected() {
        // Given: MetadataRequest v0, whose topics are not nullable yet
        ByteBuffer bytes = ByteBuffer.allocate(4).putInt(-1).flip();

        // When / Then
        assertThatThrownBy(() -> new MetadataRequestData(new ByteBufferReadable(bytes), (short) 0))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("non-nullable field topics");
    }

    @Test
    void stringLongerThanTheInputIsRejected() {
        // Given: RequestHeader v1 whose client id claims 1000 bytes
        ByteBuffer bytes = ByteBuffer.allocate(13)
                .putShort((short) 3).putShort((short) 1).putInt(7).putShort((short) 1000).put(new byte[3])
                .flip();

        // When / Then
        assertThatThrownBy(() -> new RequestHeaderData(new ByteBufferReadable(bytes), (short) 1))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void negativeStringLengthIsRejected() {
        // Given
        ByteBuffer bytes = ByteBuffer.allocate(10)
                .putShort((short) 3).putShort((short) 1).putInt(7).putShort((short) -2)
                .flip();

        // When / Then
        assertThatThrownBy(() -> new RequestHeaderData(new ByteBufferReadable(bytes), (short) 1))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("clientId");
    }

    @Test
    void hugeBytesLengthIsRejectedWithoutAllocating() {
        // Given: SaslAuthenticateRequest v0, auth bytes claiming 2^31-1 bytes
        ByteBuffer bytes = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).flip();

        // When / Then
        assertThatThrownBy(() -> new SaslAuthenticateRequestData(new ByteBufferReadable(bytes), (short) 0))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void overlongCompactLengthVarintIsRejected() {
        // Given: SaslAuthenticateRequest v2 (flexible), a six-byte length varint
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});

        // When / Then
        assertThatThrownBy(() -> new SaslAuthenticateRequestData(new ByteBufferReadable(bytes), (short) 2))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void unknownTaggedFieldLongerThanTheInputIsRejected() {
        // Given: an empty SaslAuthenticateRequest v2 with one tagged field (tag 9) claiming 100000 bytes
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0x01, 0x01, 0x09, (byte) 0xa0, (byte) 0x8d, 0x06, 1, 2});

        // When / Then
        assertThatThrownBy(() -> new SaslAuthenticateRequestData(new ByteBufferReadable(bytes), (short) 2))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void hugeTaggedFieldCountFailsAtTheEndOfTheInput() {
        // Given: an empty SaslAuthenticateRequest v2 announcing 2^28 tagged fields
        ByteBuffer bytes = ByteBuffer.wrap(new byte[] {0x01, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});

        // When / Then
        assertThatThrownBy(() -> new SaslAuthenticateRequestData(new ByteBufferReadable(bytes), (short) 2))
                .isInstanceOf(MessageFormatException.class);
    }

    private static void decodeAllowingMalformed(MessageInfo info, byte[] bytes, short version) {
        try {
            info.factory().get().read(new ByteBufferReadable(ByteBuffer.wrap(bytes)), version);
        } catch (MessageFormatException expected) {
            // rejecting corrupt input is the other acceptable outcome
        }
    }
}
