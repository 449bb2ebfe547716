package io.samsa.core.coordinator.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.coordinator.group.TopicPartition;
import io.samsa.protocol.MessageFormatException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionRecordCodecTest {
    @Test
    void metadataRoundTrips() {
        // Given
        TransactionMetadata metadata = new TransactionMetadata("tx-é", 42, 41, (short) 7, (short) 6, 60_000,
                TransactionState.PREPARE_COMMIT, Set.of(new TopicPartition("a", 0), new TopicPartition("b", 3)), 1000, 2000);
        // When
        String id = TransactionRecordCodec.decodeKey(ByteBuffer.wrap(TransactionRecordCodec.key("tx-é")));
        TransactionMetadata decoded = TransactionRecordCodec.decodeValue(id,
                ByteBuffer.wrap(TransactionRecordCodec.value(metadata)));
        // Then
        assertThat(id).isEqualTo("tx-é");
        assertThat(decoded).isEqualTo(metadata);
    }

    @Test
    void bytesOfANewerFormatOrTruncatedAreRefused() {
        byte[] value = TransactionRecordCodec.value(new TransactionMetadata("t", 1, -1, (short) 0, (short) -1, 1,
                TransactionState.EMPTY, Set.of(), -1, 0));
        byte[] newer = value.clone();
        newer[0] = 1;
        assertThatThrownBy(() -> TransactionRecordCodec.decodeValue("t", ByteBuffer.wrap(newer)))
                .isInstanceOf(MessageFormatException.class);
        byte[] badState = value.clone();
        badState[1 + 8 + 8 + 2 + 2 + 4] = 99;
        assertThatThrownBy(() -> TransactionRecordCodec.decodeValue("t", ByteBuffer.wrap(badState)))
                .isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> TransactionRecordCodec.decodeKey(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9})))
                .isInstanceOf(MessageFormatException.class);
    }
}
