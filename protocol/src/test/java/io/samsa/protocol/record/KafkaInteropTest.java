package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Batches cross between kafka-clients and Samsa in both directions, for every codec. */
@Timeout(30)
class KafkaInteropTest {
    private static final int LIMIT = 64 << 20;
    private static final long PRODUCER_ID = 4711L;
    private static final short PRODUCER_EPOCH = 3;
    private static final int BASE_SEQUENCE = 42;

    /** The batch shapes a broker meets: plain, idempotent, transactional; few and many records. */
    enum Shape {
        PLAIN(false, false, 4),
        IDEMPOTENT(true, false, 4),
        TRANSACTIONAL(true, true, 4),
        MANY_RECORDS(true, false, 400);

        final boolean idempotent;
        final boolean transactional;
        final int records;

        Shape(boolean idempotent, boolean transactional, int records) {
            this.idempotent = idempotent;
            this.transactional = transactional;
            this.records = records;
        }
    }

    static Stream<Arguments> codecsAndShapes() {
        return Stream.of(Compression.values())
            .flatMap(compression -> Stream.of(Shape.values()).map(shape -> Arguments.of(compression, shape)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndShapes")
    void samsaReadsKafkaBatchesFieldForField(Compression compression, Shape shape) {
        // Given
        List<SampleRecord> samples = SampleRecord.variety(shape.records);
        ByteBuffer bytes = kafkaBatch(compression, shape, samples);
        DefaultRecordBatch expected = onlyKafkaBatch(bytes);
        // When
        RecordBatch batch = RecordBatch.wrap(bytes);
        batch.validate(LIMIT);
        // Then
        assertSameHeader(batch, expected);
        assertSameRecords(batch.records(LIMIT), expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndShapes")
    void kafkaReadsSamsaBatchesFieldForField(Compression compression, Shape shape) {
        // Given
        List<SampleRecord> samples = SampleRecord.variety(shape.records);
        // When
        ByteBuffer bytes = samsaBatch(compression, shape, samples);
        // Then
        DefaultRecordBatch kafka = onlyKafkaBatch(bytes);
        kafka.ensureValid();
        RecordBatch batch = RecordBatch.wrap(bytes);
        assertSameHeader(batch, kafka);
        assertSameRecords(batch.records(LIMIT), kafka);
        assertThat(kafka.countOrNull()).isEqualTo(samples.size());
        List<org.apache.kafka.common.record.internal.Record> kafkaRecords = kafkaRecords(kafka);
        for (int i = 0; i < samples.size(); i++) {
            SampleRecord sample = samples.get(i);
            org.apache.kafka.common.record.internal.Record record = kafkaRecords.get(i);
            assertThat(record.offset()).isEqualTo(1000L + i);
            assertThat(record.timestamp()).isEqualTo(sample.timestamp());
            assertThat(bytesOrNull(record.key())).isEqualTo(sample.key());
            assertThat(bytesOrNull(record.value())).isEqualTo(sample.value());
            assertThat(samsaHeaders(record)).isEqualTo(sample.headers());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndShapes")
    void samsaWritesTheSameBytesAsKafka(Compression compression, Shape shape) {
        // zstd's output depends on how its streaming encoder is fed, so only the others are compared
        if (compression == Compression.ZSTD) {
            return;
        }
        // Given
        List<SampleRecord> samples = SampleRecord.variety(shape.records);
        // When
        ByteBuffer ours = samsaBatch(compression, shape, samples);
        // Then
        assertThat(ours).isEqualTo(kafkaBatch(compression, shape, samples));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void logAppendTimeBatchesGiveEveryRecordTheBatchTimestamp(Compression compression) {
        // Given
        long appendTime = 1_800_000_000_000L;
        ByteBuffer buffer = ByteBuffer.allocate(256);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, (byte) 2, KafkaCodecs.kafkaCompression(compression),
            org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 0L, appendTime);
        SampleRecord.variety(4).forEach(sample -> builder.append(sample.toKafka()));
        ByteBuffer kafkaBytes = builder.build().buffer();
        ByteBuffer samsaBytes = samsaBuilder(compression).logAppendTime(appendTime).append(1L, null, new byte[] {1}).build();
        // When
        RecordBatch kafkaBatch = RecordBatch.wrap(kafkaBytes);
        DefaultRecordBatch readByKafka = onlyKafkaBatch(samsaBytes);
        // Then
        assertThat(kafkaBatch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(kafkaBatch.records(LIMIT)).extracting(Record::timestamp).containsOnly(appendTime);
        assertThat(readByKafka.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(kafkaRecords(readByKafka)).extracting(r -> r.timestamp()).containsOnly(appendTime);
    }

    static ByteBuffer kafkaBatch(Compression compression, Shape shape, List<SampleRecord> samples) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, (byte) 2, KafkaCodecs.kafkaCompression(compression),
            org.apache.kafka.common.record.TimestampType.CREATE_TIME, 1000L, RecordBatch.NO_TIMESTAMP,
            shape.idempotent ? PRODUCER_ID : RecordBatch.NO_PRODUCER_ID,
            shape.idempotent ? PRODUCER_EPOCH : RecordBatch.NO_PRODUCER_EPOCH,
            shape.idempotent ? BASE_SEQUENCE : RecordBatch.NO_SEQUENCE,
            shape.transactional, 7);
        samples.forEach(sample -> builder.append(sample.toKafka()));
        return builder.build().buffer();
    }

    static ByteBuffer samsaBatch(Compression compression, Shape shape, List<SampleRecord> samples) {
        RecordBatchBuilder builder = samsaBuilder(compression).baseOffset(1000L).partitionLeaderEpoch(7)
            .transactional(shape.transactional);
        if (shape.idempotent) {
            builder.producer(PRODUCER_ID, PRODUCER_EPOCH, BASE_SEQUENCE);
        }
        samples.forEach(sample -> sample.appendTo(builder));
        return builder.build();
    }

    static RecordBatchBuilder samsaBuilder(Compression compression) {
        return new RecordBatchBuilder().compression(compression);
    }

    static DefaultRecordBatch onlyKafkaBatch(ByteBuffer bytes) {
        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(bytes.duplicate()).batches().iterator();
        MutableRecordBatch batch = batches.next();
        assertThat(batches.hasNext()).isFalse();
        return (DefaultRecordBatch) batch;
    }

    static List<org.apache.kafka.common.record.internal.Record> kafkaRecords(DefaultRecordBatch batch) {
        List<org.apache.kafka.common.record.internal.Record> records = new ArrayList<>();
        batch.iterator().forEachRemaining(records::add);
        return records;
    }

    static void assertSameHeader(RecordBatch batch, DefaultRecordBatch kafka) {
        assertThat(batch.baseOffset()).isEqualTo(kafka.baseOffset());
        assertThat(batch.lastOffset()).isEqualTo(kafka.lastOffset());
        assertThat(batch.nextOffset()).isEqualTo(kafka.nextOffset());
        assertThat(batch.sizeInBytes()).isEqualTo(kafka.sizeInBytes());
        assertThat(batch.batchLength()).isEqualTo(kafka.sizeInBytes() - RecordBatch.LOG_OVERHEAD);
        assertThat(batch.partitionLeaderEpoch()).isEqualTo(kafka.partitionLeaderEpoch());
        assertThat(batch.magic()).isEqualTo(kafka.magic());
        assertThat(batch.checksum()).isEqualTo(kafka.checksum());
        assertThat(batch.isValid()).isEqualTo(kafka.isValid()).isTrue();
        assertThat(batch.compression().id()).isEqualTo(kafka.compressionType().id);
        assertThat(batch.isCompressed()).isEqualTo(kafka.isCompressed());
        assertThat(batch.timestampType().name()).isEqualTo(kafka.timestampType().name());
        assertThat(batch.isTransactional()).isEqualTo(kafka.isTransactional());
        assertThat(batch.isControl()).isEqualTo(kafka.isControlBatch());
        assertThat(batch.hasDeleteHorizon()).isEqualTo(kafka.deleteHorizonMs().isPresent());
        assertThat(batch.deleteHorizonMs()).isEqualTo(kafka.deleteHorizonMs());
        assertThat(batch.baseTimestamp()).isEqualTo(kafka.baseTimestamp());
        assertThat(batch.maxTimestamp()).isEqualTo(kafka.maxTimestamp());
        assertThat(batch.producerId()).isEqualTo(kafka.producerId());
        assertThat(batch.hasProducerId()).isEqualTo(kafka.hasProducerId());
        assertThat(batch.producerEpoch()).isEqualTo(kafka.producerEpoch());
        assertThat(batch.baseSequence()).isEqualTo(kafka.baseSequence());
        assertThat(batch.lastSequence()).isEqualTo(kafka.lastSequence());
        assertThat(batch.recordCount()).isEqualTo(kafka.countOrNull());
    }

    static void assertSameRecords(List<Record> records, DefaultRecordBatch kafka) {
        List<org.apache.kafka.common.record.internal.Record> expected = kafkaRecords(kafka);
        assertThat(records).hasSameSizeAs(expected);
        for (int i = 0; i < records.size(); i++) {
            Record record = records.get(i);
            org.apache.kafka.common.record.internal.Record kafkaRecord = expected.get(i);
            assertThat(record.offset()).isEqualTo(kafkaRecord.offset());
            assertThat(record.offsetDelta()).isEqualTo((int) (kafkaRecord.offset() - kafka.baseOffset()));
            assertThat(record.timestamp()).isEqualTo(kafkaRecord.timestamp());
            assertThat(record.sizeInBytes()).isEqualTo(kafkaRecord.sizeInBytes());
            assertThat(record.hasKey()).isEqualTo(kafkaRecord.hasKey());
            assertThat(record.keyBytes()).isEqualTo(bytesOrNull(kafkaRecord.key()));
            assertThat(record.hasValue()).isEqualTo(kafkaRecord.hasValue());
            assertThat(record.valueBytes()).isEqualTo(bytesOrNull(kafkaRecord.value()));
            assertThat(record.headers()).isEqualTo(samsaHeaders(kafkaRecord));
        }
    }

    static List<Header> samsaHeaders(org.apache.kafka.common.record.internal.Record record) {
        return Arrays.stream(record.headers()).map(h -> new Header(h.key(), h.value())).toList();
    }

    static byte[] bytesOrNull(ByteBuffer buffer) {
        return buffer == null ? null : CompressionTest.toArray(buffer);
    }
}
