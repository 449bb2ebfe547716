package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ByteBufferReadableTest {
    @Test
    void readsBigEndianValuesAndAdvancesThePosition() {
        // Given
        ByteBuffer buffer = ByteBuffer.allocate(39)
                .put((byte) -2).putShort((short) -3).putInt(0x01020304).putLong(-5L).putDouble(1.5)
                .putLong(0x1111L).putLong(0x2222L)
                .flip();
        Readable readable = new ByteBufferReadable(buffer);

        // When
        byte b = readable.readByte();
        short s = readable.readShort();
        int i = readable.readInt();
        long l = readable.readLong();
        double d = readable.readDouble();

        // Then
        assertThat(b).isEqualTo((byte) -2);
        assertThat(s).isEqualTo((short) -3);
        assertThat(i).isEqualTo(0x01020304);
        assertThat(l).isEqualTo(-5L);
        assertThat(d).isEqualTo(1.5);
        assertThat(readable.readUuid()).isEqualTo(new UUID(0x1111L, 0x2222L));
        assertThat(readable.remaining()).isZero();
        assertThat(buffer.position()).isEqualTo(39);
    }

    @Test
    void underflowIsAMessageFormatException() {
        // Given
        Readable readable = new ByteBufferReadable(ByteBuffer.allocate(3));

        // When / Then
        assertThatThrownBy(readable::readInt).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(readable::readLong).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(readable::readUuid).isInstanceOf(MessageFormatException.class);
        assertThat(readable.readShort()).isZero();
        assertThat(readable.readByte()).isZero();
        assertThatThrownBy(readable::readByte).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(readable::readUnsignedVarint).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(readable::readVarlong).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void truncatedVarintIsAMessageFormatException() {
        // Given
        Readable readable = new ByteBufferReadable(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80}));

        // When / Then
        assertThatThrownBy(readable::readVarint).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void overlongVarintIsAMessageFormatException() {
        // Given
        byte[] six = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
        Readable readable = new ByteBufferReadable(ByteBuffer.wrap(six));

        // When / Then
        assertThatThrownBy(readable::readUnsignedVarint)
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("longer than 5 bytes");
    }

    @Test
    void lengthsAreCheckedAgainstWhatRemainsBeforeAllocating() {
        // Given
        Readable readable = new ByteBufferReadable(ByteBuffer.allocate(4));

        // When / Then
        assertThatThrownBy(() -> readable.readBytes(Integer.MAX_VALUE)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> readable.readBytes(-1)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> readable.readByteBuffer(5)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> readable.readString(5)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> readable.readString(-3)).isInstanceOf(MessageFormatException.class);
        assertThat(readable.remaining()).isEqualTo(4);
    }

    @Test
    void readBytesCopiesButReadByteBufferShares() {
        // Given
        byte[] backing = {1, 2, 3, 4, 5};
        Readable readable = new ByteBufferReadable(ByteBuffer.wrap(backing));

        // When
        byte[] copy = readable.readBytes(2);
        ByteBuffer view = readable.readByteBuffer(3);
        backing[0] = 9;
        backing[2] = 8;

        // Then
        assertThat(copy).containsExactly(1, 2);
        assertThat(view.remaining()).isEqualTo(3);
        assertThat(view.get(0)).isEqualTo((byte) 8);
        assertThat(view.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(readable.remaining()).isZero();
    }

    @Test
    void readsUtf8StringsFromHeapAndDirectBuffers() {
        // Given
        byte[] utf8 = "héllo 漢字 😀".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(utf8.length).put(utf8).flip();
        ByteBuffer heapSlice = ByteBuffer.allocate(utf8.length + 2).put((byte) 0).put(utf8).put((byte) 0)
                .position(1).slice();

        // When
        String fromDirect = new ByteBufferReadable(direct).readString(utf8.length);
        String fromSlice = new ByteBufferReadable(heapSlice).readString(utf8.length);

        // Then
        assertThat(fromDirect).isEqualTo("héllo 漢字 😀");
        assertThat(fromSlice).isEqualTo("héllo 漢字 😀");
    }

    @Test
    void refusesLittleEndianBuffers() {
        // Given
        ByteBuffer little = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

        // When / Then
        assertThatThrownBy(() -> new ByteBufferReadable(little)).isInstanceOf(IllegalArgumentException.class);
    }
}
