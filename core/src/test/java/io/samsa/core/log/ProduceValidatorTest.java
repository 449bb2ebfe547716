package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.LogConfig;
import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.ApiErrorException;
import io.samsa.protocol.ErrorCode;
import io.samsa.protocol.Records;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.CorruptRecordException;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ProduceValidatorTest {
    private static final short VERSION = 11;
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
            RecordBatch batch = validator.validate(batch(compression, null, 5), topic, VERSION);
            assertThat(batch.recordCount()).isEqualTo(5);
        }
    }

    @Test
    void missingOrSeveralBatchesAreInvalidRecords() {
        assertError(() -> validator.validate(ByteBuffer.allocate(0), topic, VERSION), ErrorCode.INVALID_RECORD);
        assertError(() -> validator.validate((Records) null, topic, VERSION), ErrorCode.INVALID_RECORD);
        ByteBuffer one = batch(Compression.NONE, null, 1);
        ByteBuffer two = ByteBuffer.allocate(one.remaining() * 2).put(one.duplicate()).put(one.duplicate()).flip();
        assertError(() -> validator.validate(two, topic, VERSION), ErrorCode.INVALID_RECORD);
    }

    @Test
    void aCorruptBatchIsCorruptMessage() {
        ByteBuffer bytes = batch(Compression.NONE, null, 3);
        bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 0x55));
        assertThatThrownBy(() -> validator.validate(bytes, topic, VERSION)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aBatchAboveMaxMessageBytesIsTooLarge() {
        TopicConfig small = TopicConfig.resolve(defaults, Map.of(TopicConfig.MAX_MESSAGE_BYTES, "100"));
        assertError(() -> validator.validate(batch(Compression.NONE, null, 10), small, VERSION), ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void compactedTopicsNeedKeys() {
        TopicConfig compacted = TopicConfig.resolve(defaults, Map.of(TopicConfig.CLEANUP_POLICY, "compact"));
        assertError(() -> validator.validate(batch(Compression.NONE, null, 1), compacted, VERSION), ErrorCode.INVALID_RECORD);
        assertThat(validator.validate(batch(Compression.NONE, new byte[] {1}, 1), compacted, VERSION)).isNotNull();
    }

    @Test
    void zstdNeedsProduceV7() {
        assertError(() -> validator.validate(batch(Compression.ZSTD, null, 1), topic, (short) 6),
                ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    }

    @Test
    void clientsCannotWriteControlBatches() {
        ByteBuffer control = new RecordBatchBuilder().control(true).producer(5, (short) 0, -1).transactional(true)
                .append(1, new byte[] {0, 0, 0, 0}, new byte[] {0, 0, 0, 0, 0, 0}).build();
        assertError(() -> validator.validate(control, topic, VERSION), ErrorCode.INVALID_RECORD);
    }
}
