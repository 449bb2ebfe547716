package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

class ControlBatchTest {
    private static final int LIMIT = 1 << 20;

    @Test
    void samsaReadsKafkasTransactionMarkers() {
        // Given
        ByteBuffer commit = MemoryRecords.withEndTransactionMarker(500L, 1_700_000_000_000L, 4, 77L, (short) 2,
            new org.apache.kafka.common.record.internal.EndTransactionMarker(ControlRecordType.COMMIT, 12)).buffer();
        ByteBuffer abort = MemoryRecords.withEndTransactionMarker(501L, 1_700_000_000_001L, 4, 77L, (short) 2,
            new org.apache.kafka.common.record.internal.EndTransactionMarker(ControlRecordType.ABORT, 13)).buffer();
        // When
        RecordBatch commitBatch = RecordBatch.wrap(commit);
        RecordBatch abortBatch = RecordBatch.wrap(abort);
        commitBatch.validate(LIMIT);
        abortBatch.validate(LIMIT);
        // Then
        KafkaInteropTest.assertSameHeader(commitBatch, KafkaInteropTest.onlyKafkaBatch(commit));
        assertThat(commitBatch.isControl()).isTrue();
        assertThat(commitBatch.isTransactional()).isTrue();
        assertThat(commitBatch.producerId()).isEqualTo(77L);
        List<Record> records = commitBatch.records(LIMIT);
        assertThat(records).hasSize(1);
        assertThat(io.samsa.protocol.record.ControlRecordType.parse(records.get(0).key()))
            .isEqualTo(io.samsa.protocol.record.ControlRecordType.COMMIT);
        assertThat(EndTransactionMarker.read(records.get(0))).isEqualTo(EndTransactionMarker.commit(12));
        assertThat(EndTransactionMarker.read(abortBatch.records(LIMIT).get(0))).isEqualTo(EndTransactionMarker.abort(13));
    }

    @Test
    void kafkaReadsSamsasTransactionMarkersAndTheBytesMatch() {
        // Given
        EndTransactionMarker marker = EndTransactionMarker.abort(9);
        // When
        ByteBuffer ours = new RecordBatchBuilder()
            .baseOffset(500L).partitionLeaderEpoch(4).producer(77L, (short) 2, RecordBatch.NO_SEQUENCE)
            .transactional(true).control(true)
            .append(1_700_000_000_000L, marker.key(), marker.value(), List.of())
            .build();
        // Then
        DefaultRecordBatch kafka = KafkaInteropTest.onlyKafkaBatch(ours);
        kafka.ensureValid();
        assertThat(kafka.isControlBatch()).isTrue();
        assertThat(kafka.isTransactional()).isTrue();
        org.apache.kafka.common.record.internal.EndTransactionMarker kafkaMarker =
            org.apache.kafka.common.record.internal.EndTransactionMarker.deserialize(kafka.iterator().next());
        assertThat(kafkaMarker.controlType()).isEqualTo(ControlRecordType.ABORT);
        assertThat(kafkaMarker.coordinatorEpoch()).isEqualTo(9);
        assertThat(ours).isEqualTo(MemoryRecords.withEndTransactionMarker(500L, 1_700_000_000_000L, 4, 77L, (short) 2,
            new org.apache.kafka.common.record.internal.EndTransactionMarker(ControlRecordType.ABORT, 9)).buffer());
    }

    @Test
    void unknownControlTypesPassThroughButAreNotMarkers() {
        // Given
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 0).putShort((short) 99).flip();
        Record record = new Record(0, 0, 0, 0, (byte) 0, 0, key, ByteBuffer.allocate(6), List.of());
        // When / Then
        assertThat(io.samsa.protocol.record.ControlRecordType.parse(key))
            .isEqualTo(io.samsa.protocol.record.ControlRecordType.UNKNOWN);
        assertThatThrownBy(() -> EndTransactionMarker.read(record))
            .isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RECORD));
        assertThatThrownBy(() -> io.samsa.protocol.record.ControlRecordType.parse(ByteBuffer.allocate(3)))
            .isInstanceOf(CorruptRecordException.class);
    }
}
