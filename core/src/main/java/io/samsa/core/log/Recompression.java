package io.samsa.core.log;

import io.samsa.core.config.TopicConfig;
import io.samsa.protocol.record.Compression;
import io.samsa.protocol.record.Record;
import io.samsa.protocol.record.RecordBatch;
import io.samsa.protocol.record.RecordBatchBuilder;

/**
 * A topic's {@code compression.type}: "producer" keeps batches as sent; any codec makes the
 * broker re-encode batches that use another one, keeping records, timestamps and the producer's
 * id, epoch and sequence, as Kafka does.
 */
public final class Recompression {
    private static final int DECOMPRESSION_LIMIT = 256 * 1024 * 1024;

    private Recompression() {}

    /** The batch itself if it already has the topic's codec, else a new batch in that codec (the caller's is untouched). */
    public static RecordBatch toTopicCodec(RecordBatch batch, TopicConfig config) {
        String wanted = config.compressionType();
        if (wanted.equals("producer")) {
            return batch;
        }
        Compression target = wanted.equals("uncompressed") ? Compression.NONE : Compression.forConfigName(wanted);
        if (batch.compression() == target) {
            return batch;
        }
        RecordBatchBuilder builder = new RecordBatchBuilder()
                .compression(target)
                .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
                .transactional(batch.isTransactional())
                .partitionLeaderEpoch(batch.partitionLeaderEpoch());
        for (Record record : batch.records(DECOMPRESSION_LIMIT)) {
            builder.appendWithOffset(record.offsetDelta(), record.timestamp(), record.key(), record.value(), record.headers());
        }
        return RecordBatch.wrap(builder.build());
    }
}
