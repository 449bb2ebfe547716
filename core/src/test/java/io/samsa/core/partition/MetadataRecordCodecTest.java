package io.samsa.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.MessageFormatException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataRecordCodecTest {
    @Test
    void everyRecordTypeRoundTrips() {
        UUID id = UUID.randomUUID();
        List<MetadataRecord> records = List.of(
                new MetadataRecord.TopicCreated("orders-é", id, 12, Map.of("retention.ms", "1000", "cleanup.policy", "compact")),
                new MetadataRecord.PartitionsIncreased(id, 20),
                new MetadataRecord.TopicConfigsChanged(id, Map.of()),
                new MetadataRecord.TopicDeleted(id));
        for (MetadataRecord record : records) {
            assertThat(MetadataRecordCodec.decode(ByteBuffer.wrap(MetadataRecordCodec.encode(record)))).isEqualTo(record);
        }
    }

    @Test
    void newerFormatsAndGarbageAreRefused() {
        assertThatThrownBy(() -> MetadataRecordCodec.decode(ByteBuffer.wrap(new byte[] {1, 1})))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("newer");
        assertThatThrownBy(() -> MetadataRecordCodec.decode(ByteBuffer.wrap(new byte[] {0, 9})))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("unknown metadata record type 9");
        assertThatThrownBy(() -> MetadataRecordCodec.decode(ByteBuffer.wrap(new byte[] {0, 1, 0x7f, 0, 0, 0})))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void theRegistryFollowsTheRecords() {
        TopicRegistry registry = new TopicRegistry();
        UUID id = UUID.randomUUID();
        registry.apply(new MetadataRecord.TopicCreated("t", id, 1, Map.of()));
        registry.apply(new MetadataRecord.PartitionsIncreased(id, 3));
        registry.apply(new MetadataRecord.TopicConfigsChanged(id, Map.of("retention.ms", "5")));
        assertThat(registry.byName("t")).contains(new Topic("t", id, 3, Map.of("retention.ms", "5")));
        assertThat(registry.byId(id)).isPresent();
        registry.apply(new MetadataRecord.TopicDeleted(id));
        assertThat(registry.all()).isEmpty();
        assertThat(registry.byId(id)).isEmpty();
    }
}
