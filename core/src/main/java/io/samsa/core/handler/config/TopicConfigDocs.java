package io.samsa.core.handler.config;

import io.samsa.core.config.TopicConfig;
import java.util.Map;

/** What DescribeConfigs says about each topic key when a client asks for documentation. */
final class TopicConfigDocs {
    private static final Map<String, String> DOCS = Map.ofEntries(
            Map.entry(TopicConfig.CLEANUP_POLICY, "The retention policy of the log's segments: \"delete\" discards old "
                    + "segments once their retention time or size limit is reached; \"compact\" keeps the latest value "
                    + "of each key; both may be given as a comma-separated list."),
            Map.entry(TopicConfig.RETENTION_MS, "The longest time a log segment is kept before it is discarded under "
                    + "the \"delete\" policy; -1 applies no time limit."),
            Map.entry(TopicConfig.RETENTION_BYTES, "The largest size a partition may grow to before old log segments "
                    + "are discarded under the \"delete\" policy; -1 applies no size limit."),
            Map.entry(TopicConfig.SEGMENT_BYTES, "The size at which a log segment is closed and a new one started. "
                    + "Retention deletes whole segments."),
            Map.entry(TopicConfig.SEGMENT_MS, "The time after which a log segment is closed and a new one started, "
                    + "even if it is not full, so that retention can delete old data."),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES, "The largest record batch size allowed (after compression if "
                    + "compression is enabled)."),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "Whether the timestamp of a record is the time the producer "
                    + "created it (CreateTime) or the time the broker appended it (LogAppendTime)."),
            Map.entry(TopicConfig.MIN_INSYNC_REPLICAS, "The minimum number of in-sync replicas (including the leader) "
                    + "that must have a write before a producer with acks=all (-1) is answered."),
            Map.entry(TopicConfig.FLUSH_MESSAGES, "The number of records appended after which the log is forced to "
                    + "stable storage (fsync); 1 forces every append."),
            Map.entry(TopicConfig.FLUSH_MS, "The time a record may wait in the log before the log is forced to stable "
                    + "storage (fsync)."),
            Map.entry(TopicConfig.INDEX_INTERVAL_BYTES, "How often, in bytes of log, an entry is added to the offset and "
                    + "time indexes."),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "How far before the broker's time a CreateTime "
                    + "record's timestamp may lie; a record stamped earlier is refused."),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS, "How far after the broker's time a CreateTime "
                    + "record's timestamp may lie; a record stamped later is refused."),
            Map.entry(TopicConfig.COMPRESSION_TYPE, "The codec batches are stored with: uncompressed, zstd, lz4, "
                    + "snappy or gzip re-encode batches sent with another codec; producer keeps what the producer sent."));

    private TopicConfigDocs() {}

    static String of(String name) {
        return DOCS.getOrDefault(name, "");
    }
}
