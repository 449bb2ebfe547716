package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class VarintsTest {
    private static final int[] INTS = {0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 16383, 16384,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final long[] LONGS = {0, 1, -1, 1L << 35, -(1L << 35), Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void signedVarintsRoundTripWithPredictedSize() {
        for (int value : INTS) {
            // Given
            ByteBuffer buffer = ByteBuffer.allocate(10);
            // When
            Varints.writeVarint(value, buffer);
            buffer.flip();
            // Then
            assertThat(buffer.remaining()).isEqualTo(Varints.sizeOfVarint(value));
            assertThat(Varints.readVarint(buffer)).isEqualTo(value);
        }
    }

    @Test
    void unsignedVarintsRoundTripWithPredictedSize() {
        for (int value : INTS) {
            ByteBuffer buffer = ByteBuffer.allocate(10);
            Varints.writeUnsignedVarint(value, buffer);
            buffer.flip();
            assertThat(buffer.remaining()).isEqualTo(Varints.sizeOfUnsignedVarint(value));
            assertThat(Varints.readUnsignedVarint(buffer)).isEqualTo(value);
        }
    }

    @Test
    void varlongsRoundTripWithPredictedSize() {
        for (long value : LONGS) {
            ByteBuffer buffer = ByteBuffer.allocate(10);
            Varints.writeVarlong(value, buffer);
            buffer.flip();
            assertThat(buffer.remaining()).isEqualTo(Varints.sizeOfVarlong(value));
            assertThat(Varints.readVarlong(buffer)).isEqualTo(value);
        }
    }

    @Test
    void knownEncodingsMatchTheProtocolGuide() {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        Varints.writeUnsignedVarint(300, buffer);
        buffer.flip();
        assertThat(new byte[] {buffer.get(), buffer.get()}).containsExactly((byte) 0xac, (byte) 0x02);
    }

    @Test
    void overlongVarintIsRejected() {
        // Given six continuation bytes: no int needs more than five
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, 1});
        // When / Then
        assertThatThrownBy(() -> Varints.readUnsignedVarint(buffer)).isInstanceOf(MessageFormatException.class);
    }
}
