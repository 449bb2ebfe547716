package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ByteBufferWritableTest {
    @Test
    void growsFromZeroCapacity() {
        // Given
        ByteBufferWritable writable = new ByteBufferWritable(0);

        // When
        for (int i = 0; i < 1000; i++) {
            writable.writeInt(i);
        }

        // Then
        ByteBuffer written = writable.toByteBuffer();
        assertThat(written.remaining()).isEqualTo(4000);
        assertThat(written.getInt(999 * 4)).isEqualTo(999);
        assertThat(writable.position()).isEqualTo(4000);
    }

    @Test
    void writesWhatTheReadableReadsBack() {
        // Given
        ByteBufferWritable writable = new ByteBufferWritable(1);
        UUID uuid = UUID.randomUUID();

        // When
        writable.writeByte((byte) 7);
        writable.writeShort((short) -2);
        writable.writeLong(Long.MIN_VALUE);
        writable.writeDouble(-0.25);
        writable.writeUnsignedVarint(300);
        writable.writeVarint(-300);
        writable.writeVarlong(Long.MIN_VALUE);
        writable.writeUuid(uuid);
        writable.writeBytes(new byte[] {1, 2, 3, 4}, 1, 2);

        // Then
        Readable readable = new ByteBufferReadable(writable.toByteBuffer());
        assertThat(readable.readByte()).isEqualTo((byte) 7);
        assertThat(readable.readShort()).isEqualTo((short) -2);
        assertThat(readable.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(readable.readDouble()).isEqualTo(-0.25);
        assertThat(readable.readUnsignedVarint()).isEqualTo(300);
        assertThat(readable.readVarint()).isEqualTo(-300);
        assertThat(readable.readVarlong()).isEqualTo(Long.MIN_VALUE);
        assertThat(readable.readUuid()).isEqualTo(uuid);
        assertThat(readable.readBytes(2)).containsExactly(2, 3);
        assertThat(readable.remaining()).isZero();
    }

    @Test
    void writingAByteBufferLeavesItsPositionAlone() {
        // Given
        ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}).position(1);
        ByteBufferWritable writable = new ByteBufferWritable(2);

        // When
        writable.writeByteBuffer(source);
        writable.writeByteBuffer(ByteBuffer.allocateDirect(2));

        // Then
        assertThat(source.position()).isEqualTo(1);
        ByteBuffer written = writable.toByteBuffer();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        assertThat(bytes).containsExactly(8, 7, 6, 0, 0);
    }

    @Test
    void toByteBufferIsAViewThatDoesNotDisturbFurtherWrites() {
        // Given
        ByteBufferWritable writable = new ByteBufferWritable(16);
        writable.writeInt(1);

        // When
        ByteBuffer first = writable.toByteBuffer();
        first.getInt();
        writable.writeInt(2);

        // Then
        assertThat(writable.toByteBuffer().remaining()).isEqualTo(8);
        assertThat(writable.toByteBuffer().getInt(4)).isEqualTo(2);
    }

    @Test
    void countingWriterAgreesWithTheBufferWriter() {
        // Given
        ByteBufferWritable buffer = new ByteBufferWritable();
        ByteCountingWritable counter = new ByteCountingWritable();

        // When
        for (Writable w : new Writable[] {buffer, counter}) {
            w.writeByte((byte) 1);
            w.writeShort((short) 1);
            w.writeInt(1);
            w.writeLong(1);
            w.writeDouble(1);
            w.writeUnsignedVarint(Integer.MAX_VALUE);
            w.writeVarint(-1);
            w.writeVarlong(Long.MAX_VALUE);
            w.writeBytes(new byte[5]);
            w.writeBytes(new byte[5], 1, 3);
            w.writeByteBuffer(ByteBuffer.allocate(7));
            w.writeUuid(new UUID(1, 2));
        }

        // Then
        assertThat(counter.count()).isEqualTo(buffer.position());
    }
}
