package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordBatchFormatTest {
    private final RecordBatchFormat format = new RecordBatchFormat();

    private static ByteBuffer batch(long baseOffset, int records, long firstTimestamp) {
        RecordBatchBuilder builder = new RecordBatchBuilder().compression(Compression.NONE).baseOffset(baseOffset);
        for (int i = 0; i < records; i++) {
            builder.append(firstTimestamp + i, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    @Test
    void readsTheHeaderWithoutMovingTheBuffer() {
        // Given a batch behind 3 unrelated bytes
        ByteBuffer one = batch(100, 5, 1_000);
        ByteBuffer buffer = ByteBuffer.allocate(3 + one.remaining());
        buffer.position(3);
        buffer.put(one.duplicate());
        buffer.position(3);
        // Then
        assertThat(format.batchSize(buffer)).isEqualTo(one.remaining());
        assertThat(format.baseOffset(buffer)).isEqualTo(100);
        assertThat(format.lastOffset(buffer)).isEqualTo(104);
        assertThat(format.maxTimestamp(buffer)).isEqualTo(1_004);
        assertThat(format.isIntact(buffer)).isTrue();
        assertThat(buffer.position()).isEqualTo(3);
    }

    @Test
    void tornAndDamagedBatchesAreNotIntact() {
        ByteBuffer whole = batch(0, 3, 0);
        assertThat(format.isIntact(whole.slice(0, whole.remaining() - 1))).isFalse();
        ByteBuffer damaged = ByteBuffer.allocate(whole.remaining()).put(whole.duplicate()).flip();
        damaged.put(damaged.limit() - 1, (byte) (damaged.get(damaged.limit() - 1) ^ 1));
        assertThat(format.isIntact(damaged)).isFalse();
        assertThat(format.batchSize(ByteBuffer.allocate(61))).isEqualTo(-1);
        assertThat(format.batchSize(ByteBuffer.allocate(5))).isEqualTo(-1);
    }
}
