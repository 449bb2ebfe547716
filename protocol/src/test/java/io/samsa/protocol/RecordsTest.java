package io.samsa.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.protocol.message.FetchResponseData;
import io.samsa.protocol.message.FetchResponseData.FetchableTopicResponse;
import io.samsa.protocol.message.FetchResponseData.PartitionData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static final byte[] BATCHES = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void parsedRecordsAreAViewOfTheInput() {
        // Given
        ByteBuffer input = encode(response(ByteBufferRecords.wrap(BATCHES)), (short) 16);

        // When
        FetchResponseData parsed = new FetchResponseData(new ByteBufferReadable(input.duplicate()), (short) 16);

        // Then
        Records records = parsed.responses().getFirst().partitions().getFirst().records();
        assertThat(records).isInstanceOf(ByteBufferRecords.class).isEqualTo(ByteBufferRecords.wrap(BATCHES));
        ByteBuffer view = ((ByteBufferRecords) records).buffer();
        assertThat(view.hasArray() && view.array() == input.array()).as("shares the input's memory").isTrue();
    }

    @Test
    void aWriterSeesEveryRecordsFieldThroughWriteRecordsAndOtherImplementationsEncodeTheSameBytes() {
        for (short version : new short[] {4, 11, 12, 16, 18}) {
            // Given
            CountingRecords custom = new CountingRecords(BATCHES);
            FetchResponseData viaCustom = response(custom);
            FetchResponseData viaBuffer = response(ByteBufferRecords.wrap(BATCHES));
            RecordsSpy spy = new RecordsSpy();

            // When
            viaCustom.write(spy, version);

            // Then
            assertThat(spy.seen).containsExactly(custom);
            assertThat(spy.count()).isEqualTo(viaBuffer.size(version));
            assertThat(encode(viaCustom, version)).isEqualTo(encode(viaBuffer, version));
            assertThat(viaCustom.size(version)).isEqualTo(viaBuffer.size(version)).isEqualTo(encode(viaBuffer, version).remaining());
        }
    }

    @Test
    void nullAndEmptyRecordsKeepTheirEncodings() {
        // Given
        FetchResponseData nullRecords = response(null);
        FetchResponseData emptyRecords = response(ByteBufferRecords.empty());

        // When
        FetchResponseData rereadNull = reread(nullRecords, (short) 12);
        FetchResponseData rereadEmpty = reread(emptyRecords, (short) 12);

        // Then
        assertThat(rereadNull.responses().getFirst().partitions().getFirst().records()).isNull();
        assertThat(rereadEmpty.responses().getFirst().partitions().getFirst().records()).isEqualTo(ByteBufferRecords.empty());
        assertThat(rereadNull.size((short) 12)).isEqualTo(rereadEmpty.size((short) 12));
    }

    @Test
    void ofReturnsBuffersAsTheyAreAndCopiesOtherRecords() {
        // Given
        ByteBufferRecords buffer = ByteBufferRecords.wrap(BATCHES);
        CountingRecords custom = new CountingRecords(BATCHES);

        // When / Then
        assertThat(ByteBufferRecords.of(buffer)).isSameAs(buffer);
        assertThat(ByteBufferRecords.of(custom)).isEqualTo(buffer);
        assertThat(ByteBufferRecords.of(null)).isNull();
    }

    private static FetchResponseData response(Records records) {
        PartitionData partition = new PartitionData().setPartitionIndex(3).setHighWatermark(10).setRecords(records);
        FetchableTopicResponse topic = new FetchableTopicResponse().setTopic("t").setTopicId(new UUID(1, 2))
                .setPartitions(new ArrayList<>(List.of(partition)));
        return new FetchResponseData().setResponses(new ArrayList<>(List.of(topic)));
    }

    private static ByteBuffer encode(Message message, short version) {
        ByteBufferWritable writable = new ByteBufferWritable();
        message.write(writable, version);
        return writable.toByteBuffer();
    }

    private static FetchResponseData reread(FetchResponseData message, short version) {
        return new FetchResponseData(new ByteBufferReadable(encode(message, version)), version);
    }

    /** Counts bytes and notes every records value handed to {@link Writable#writeRecords}. */
    private static final class RecordsSpy implements Writable {
        private final ByteCountingWritable counter = new ByteCountingWritable();
        private final List<Records> seen = new ArrayList<>();

        int count() {
            return counter.count();
        }

        @Override
        public void writeRecords(Records records) {
            seen.add(records);
            records.writeTo(this);
        }

        @Override
        public void writeByte(byte value) {
            counter.writeByte(value);
        }

        @Override
        public void writeShort(short value) {
            counter.writeShort(value);
        }

        @Override
        public void writeInt(int value) {
            counter.writeInt(value);
        }

        @Override
        public void writeLong(long value) {
            counter.writeLong(value);
        }

        @Override
        public void writeDouble(double value) {
            counter.writeDouble(value);
        }

        @Override
        public void writeUnsignedVarint(int value) {
            counter.writeUnsignedVarint(value);
        }

        @Override
        public void writeVarint(int value) {
            counter.writeVarint(value);
        }

        @Override
        public void writeVarlong(long value) {
            counter.writeVarlong(value);
        }

        @Override
        public void writeBytes(byte[] bytes) {
            counter.writeBytes(bytes);
        }

        @Override
        public void writeBytes(byte[] bytes, int offset, int length) {
            counter.writeBytes(bytes, offset, length);
        }

        @Override
        public void writeByteBuffer(ByteBuffer source) {
            counter.writeByteBuffer(source);
        }

        @Override
        public void writeUuid(UUID uuid) {
            counter.writeUuid(uuid);
        }
    }

    /** Records that are not a buffer, as a broker's own implementation would be. */
    private record CountingRecords(byte[] bytes) implements Records {
        @Override
        public int sizeInBytes() {
            return bytes.length;
        }

        @Override
        public void writeTo(Writable writable) {
            writable.writeBytes(bytes);
        }
    }
}
