package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.LogConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ByteBufferRecords;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.Records;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ProduceValidatorTest {
    private static final short VERSION = 11;
    private static final long NOW = 1_700_000_000_000L;
    private static final int LAST_OFFSET_DELTA_AT = 23;
    private static final int RECORD_COUNT_AT = 57;
    private final ProduceValidator validator = new ProduceValidator();
    private final LogConfig defaults = io.samsa.core.server.Brokers.config(Map.of()).log();
    private final TopicConfig topic = TopicConfig.resolve(defaults, Map.of());

    private static ByteBuffer batch(Compression compression, byte[] key, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(compression);
        for (int i = 0; i < records; i++) {
            builder.append(1000 + i, key, ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static void assertError(ThrowingCallable call, ErrorCode error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiErrorException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void aWellFormedBatchPassesForEveryCodec() {
        for (Compression compression : Compression.values()) {
            RecordBatch batch = validator.validate(batch(compression, null, 5), topic, VERSION, NOW);
            assertThat(batch.recordCount()).isEqualTo(5);
        }
    }

    @Test
    void missingOrSeveralBatchesAreInvalidRecords() {
        assertError(() -> validator.validate(ByteBuffer.allocate(0), topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
        assertError(() -> validator.validate((Records) null, topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
        ByteBuffer one = batch(Compression.NONE, null, 1);
        ByteBuffer two = ByteBuffer.allocate(one.remaining() * 2).put(one.duplicate()).put(one.duplicate()).flip();
        assertError(() -> validator.validate(two, topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
    }

    @Test
    void aCorruptBatchIsCorruptMessage() {
        ByteBuffer bytes = batch(Compression.NONE, null, 3);
        bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 0x55));
        assertThatThrownBy(() -> validator.validate(bytes, topic, VERSION, NOW)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aBatchCutShortIsAnInvalidRecordAsInKafka() {
        // Kafka's batch reader finds no batch in bytes that end before the batch they announce
        ByteBuffer bytes = batch(Compression.NONE, null, 3);
        assertError(() -> validator.validate(bytes.limit(bytes.limit() - 7).slice(), topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
        assertError(() -> validator.validate(batch(Compression.NONE, null, 3).limit(40).slice(), topic, VERSION, NOW),
                ErrorCode.INVALID_RECORD);
    }

    @Test
    void aRecordCountOrStructureThatDoesNotAddUpIsAnInvalidRecordAsInKafka() {
        for (Compression compression : new Compression[] {Compression.NONE, Compression.LZ4}) {
            // count 5 and lastOffsetDelta 4 agree with each other, but only 3 records are there
            ByteBuffer miscounted = batch(compression, null, 3);
            miscounted.putInt(LAST_OFFSET_DELTA_AT, 4).putInt(RECORD_COUNT_AT, 5);
            assertError(() -> validator.validate(withFreshCrc(miscounted), topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
        }
        ByteBuffer negative = batch(Compression.NONE, null, 3).putInt(RECORD_COUNT_AT, -1);
        assertError(() -> validator.validate(withFreshCrc(negative), topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
        ByteBuffer garbled = batch(Compression.NONE, null, 3);
        for (int i = RecordBatch.HEADER_SIZE; i < garbled.limit(); i++) {
            garbled.put(i, (byte) (0x80 | i * 7));
        }
        assertError(() -> validator.validate(withFreshCrc(garbled), topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
    }

    /** The v2 batch CRC32C covers everything from the attributes (offset 21) on; it sits at offset 17. */
    private static ByteBuffer withFreshCrc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().position(21));
        return bytes.putInt(17, (int) crc.getValue());
    }

    @Test
    void aBatchAboveMaxMessageBytesIsTooLarge() {
        TopicConfig small = TopicConfig.resolve(defaults, Map.of(TopicConfig.MAX_MESSAGE_BYTES, "100"));
        assertError(() -> validator.validate(batch(Compression.NONE, null, 10), small, VERSION, NOW), ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void compactedTopicsNeedKeys() {
        TopicConfig compacted = TopicConfig.resolve(defaults, Map.of(TopicConfig.CLEANUP_POLICY, "compact"));
        assertError(() -> validator.validate(batch(Compression.NONE, null, 1), compacted, VERSION, NOW), ErrorCode.INVALID_RECORD);
        assertThat(validator.validate(batch(Compression.NONE, new byte[] {1}, 1), compacted, VERSION, NOW)).isNotNull();
    }

    @Test
    void zstdNeedsProduceV7() {
        assertError(() -> validator.validate(batch(Compression.ZSTD, null, 1), topic, (short) 6, NOW),
                ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    }

    @Test
    void clientsCannotWriteControlBatches() {
        ByteBuffer control = new RecordBatchBuilder().control(true).producer(5, (short) 0, -1).transactional(true)
                .append(1, new byte[] {0, 0, 0, 0}, new byte[] {0, 0, 0, 0, 0, 0}).build();
        assertError(() -> validator.validate(control, topic, VERSION, NOW), ErrorCode.INVALID_RECORD);
    }

    @Test
    void createTimeTimestampsOutsideTheTopicsBoundsAreInvalid() {
        ByteBuffer future = new RecordBatchBuilder().append(NOW + 3_600_001L, null, new byte[] {1}).build();
        assertError(() -> validator.validate(future, topic, VERSION, NOW), ErrorCode.INVALID_TIMESTAMP);
        assertThat(validator.validate(new RecordBatchBuilder().append(NOW + 3_600_000L, null, new byte[] {1}).build(),
                topic, VERSION, NOW)).isNotNull();
        TopicConfig recentOnly = TopicConfig.resolve(defaults, Map.of(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "1000"));
        ByteBuffer old = new RecordBatchBuilder().append(NOW - 1001, null, new byte[] {1}).build();
        assertError(() -> validator.validate(old, recentOnly, VERSION, NOW), ErrorCode.INVALID_TIMESTAMP);
        // LogAppendTime topics replace the producer's timestamps, so they are not checked
        TopicConfig appendTime = TopicConfig.resolve(defaults, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        assertThat(validator.validate(future.duplicate(), appendTime, VERSION, NOW)).isNotNull();
    }

    @Test
    void aTopicCodecRecompressesBatchesKeepingRecordsAndProducerFields() {
        // Given a gzip topic and an idempotent lz4 batch
        TopicConfig gzip = TopicConfig.resolve(defaults, Map.of(TopicConfig.COMPRESSION_TYPE, "gzip"));
        ByteBuffer sent = new RecordBatchBuilder().compression(Compression.LZ4).producer(42, (short) 3, 7)
                .append(1000, "k".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8),
                        new io.samsa.protocol.record.Header("h", new byte[] {9}))
                .append(1001, null, "v2".getBytes(StandardCharsets.UTF_8))
                .build();
        RecordBatch validated = validator.validate(sent, gzip, VERSION, NOW);
        // When
        RecordBatch stored = Recompression.toTopicCodec(validated, gzip);
        // Then
        assertThat(stored.compression()).isEqualTo(Compression.GZIP);
        assertThat(stored.isValid()).isTrue();
        assertThat(stored.producerId()).isEqualTo(42);
        assertThat(stored.producerEpoch()).isEqualTo((short) 3);
        assertThat(stored.baseSequence()).isEqualTo(7);
        assertThat(stored.records(1 << 20)).extracting(record -> new String(record.valueBytes(), StandardCharsets.UTF_8))
                .containsExactly("v1", "v2");
        assertThat(stored.records(1 << 20).getFirst().headers()).singleElement()
                .satisfies(header -> assertThat(header.key()).isEqualTo("h"));
        assertThat(stored.records(1 << 20)).extracting(io.samsa.protocol.record.Record::timestamp).containsExactly(1000L, 1001L);
        // And "producer" or the same codec keeps the batch as it is
        assertThat(Recompression.toTopicCodec(validated, topic)).isSameAs(validated);
        TopicConfig lz4 = TopicConfig.resolve(defaults, Map.of(TopicConfig.COMPRESSION_TYPE, "lz4"));
        assertThat(Recompression.toTopicCodec(validated, lz4)).isSameAs(validated);
    }

    @Test
    void aProducerIdWithoutSequenceIsInvalidAndTransactionalBatchesPass() {
        ByteBuffer noSequence = new RecordBatchBuilder().producer(5, (short) 0, RecordBatch.NO_SEQUENCE)
                .append(NOW, null, new byte[] {1}).build();
        assertError(() -> validator.validate(noSequence, topic, VERSION, NOW), ErrorCode.INVALID_RECORD);

        ByteBuffer transactional = new RecordBatchBuilder().producer(5, (short) 0, 0).transactional(true)
                .append(NOW, null, new byte[] {1}).build();
        assertThat(ProduceValidator.isTransactional(ByteBufferRecords.wrap(transactional.duplicate()))).isTrue();
        assertThat(validator.validate(transactional, topic, VERSION, NOW).isTransactional()).isTrue();
        assertThat(ProduceValidator.isTransactional(ByteBufferRecords.wrap(batch(Compression.NONE, null, 1))))
                .isFalse();
        assertThat(ProduceValidator.isTransactional(ByteBufferRecords.wrap(new byte[10]))).isFalse();
    }
}
