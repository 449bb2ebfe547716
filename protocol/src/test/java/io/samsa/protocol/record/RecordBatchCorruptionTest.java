package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.Varints;
import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken and hostile batches fail with the reason that names the problem, fast and without big allocations. */
@Timeout(30)
class RecordBatchCorruptionTest {
    private static final int LIMIT = 1 << 20;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void anyFlippedByteUnderTheCrcIsACrcMismatch(Compression compression) {
        // Given
        ByteBuffer valid = new RecordBatchBuilder().compression(compression)
            .append(1L, new byte[] {1, 2}, new byte[] {3}, new Header("h", new byte[] {4}))
            .append(2L, null, new byte[] {5})
            .build();
        for (int position = RecordBatch.ATTRIBUTES_OFFSET; position < valid.limit(); position++) {
            ByteBuffer corrupt = copy(valid);
            corrupt.put(position, (byte) (corrupt.get(position) ^ 0x10));
            RecordBatch batch = RecordBatch.wrap(corrupt);
            // When / Then
            assertThat(batch.isValid()).isFalse();
            assertThat(KafkaInteropTest.onlyKafkaBatch(corrupt).isValid()).as("kafka agrees").isFalse();
            assertReason(() -> batch.validate(LIMIT), Reason.CRC_MISMATCH);
        }
    }

    @Test
    void crcDoesNotCoverBaseOffsetAndLeaderEpoch() {
        // Given
        ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[] {1}).build();
        // When
        for (int position = 0; position < RecordBatch.MAGIC_OFFSET; position++) {
            if (position < RecordBatch.BATCH_LENGTH_OFFSET || position >= RecordBatch.PARTITION_LEADER_EPOCH_OFFSET) {
                bytes.put(position, (byte) (bytes.get(position) ^ 0x01));
            }
        }
        // Then
        RecordBatch.wrap(bytes).validate(LIMIT);
    }

    @Test
    void truncatedBatchesAreTruncated() {
        // Given
        ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[100]).build();
        // When / Then
        assertReason(() -> RecordBatch.wrap(bytes.slice(0, bytes.limit() - 1)), Reason.TRUNCATED);
        assertReason(() -> RecordBatch.wrap(bytes.slice(0, 16)), Reason.TRUNCATED);
        assertReason(() -> RecordBatch.wrap(ByteBuffer.allocate(0)), Reason.TRUNCATED);
        assertThat(RecordBatch.wrap(ByteBuffer.allocate(bytes.limit() + 5).put(bytes.duplicate()).flip()).sizeInBytes())
            .as("bytes after the batch are not part of it").isEqualTo(bytes.limit());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedRecordsSectionIsInvalidRecordOrCount(Compression compression) {
        // Given a batch whose batchLength was shortened consistently, cutting into the records
        ByteBuffer bytes = new RecordBatchBuilder().compression(compression)
            .append(1L, null, TestData.mixed(3000, 1)).append(2L, null, TestData.mixed(3000, 2)).build();
        ByteBuffer cut = bytes.slice(0, bytes.limit() - 50);
        cut.putInt(RecordBatch.BATCH_LENGTH_OFFSET, cut.limit() - RecordBatch.LOG_OVERHEAD);
        HandMadeBatch.recrc(cut);
        // When / Then
        assertThatThrownBy(() -> RecordBatch.wrap(cut).validate(LIMIT))
            .isInstanceOfSatisfying(CorruptRecordException.class, e -> assertThat(e.reason()).isIn(
                Reason.INVALID_RECORD, Reason.RECORD_COUNT_MISMATCH, Reason.INVALID_COMPRESSED_DATA));
    }

    @Test
    void magicZeroOneAndOthersAreInvalidMagic() {
        for (byte magic : new byte[] {0, 1, 3, -1}) {
            // Given
            ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[] {1}).build();
            bytes.put(RecordBatch.MAGIC_OFFSET, magic);
            // When / Then
            assertReason(() -> RecordBatch.wrap(bytes), Reason.INVALID_MAGIC);
            assertReason(() -> new RecordBatchIterator(bytes).hasNext(), Reason.INVALID_MAGIC);
        }
    }

    @Test
    void batchLengthBelowTheHeaderIsInvalid() {
        for (int length : new int[] {-1, 0, 48, Integer.MIN_VALUE}) {
            // Given
            ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[] {1}).build();
            bytes.putInt(RecordBatch.BATCH_LENGTH_OFFSET, length);
            // When / Then
            assertReason(() -> RecordBatch.wrap(bytes), Reason.INVALID_BATCH_LENGTH);
        }
    }

    @Test
    void hugeBatchLengthIsTruncationNotAnAllocation() {
        // Given
        ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[] {1}).build();
        bytes.putInt(RecordBatch.BATCH_LENGTH_OFFSET, Integer.MAX_VALUE);
        // When / Then
        assertReason(() -> RecordBatch.wrap(bytes), Reason.TRUNCATED);
    }

    static Stream<Arguments> countMismatches() {
        return Stream.of(Compression.values()).flatMap(c -> Stream.of(
            Arguments.of(c, 2, 1), Arguments.of(c, 1, 2), Arguments.of(c, 0, 1), Arguments.of(c, Integer.MAX_VALUE, 1)));
    }

    @ParameterizedTest(name = "{0}: declares {1}, holds {2}")
    @MethodSource("countMismatches")
    void recordCountMustMatchTheRecordsPresent(Compression compression, int declared, int actual) {
        // Given
        byte[] section = HandMadeBatch.bytes(out -> {
            for (int i = 0; i < actual; i++) {
                HandMadeBatch.simpleRecord(out, i);
            }
        });
        ByteBuffer bytes = HandMadeBatch.withSection(section, declared, Math.max(declared, actual) - 1, compression);
        // When / Then
        assertReason(() -> RecordBatch.wrap(bytes).validate(LIMIT), Reason.RECORD_COUNT_MISMATCH);
    }

    @Test
    void negativeHeaderCountsAreInvalidHeader() {
        byte[] section = HandMadeBatch.bytes(out -> HandMadeBatch.simpleRecord(out, 0));
        assertReason(() -> RecordBatch.wrap(HandMadeBatch.withSection(section, -1, 0, Compression.NONE)).validate(LIMIT),
            Reason.INVALID_HEADER);
        assertReason(() -> RecordBatch.wrap(HandMadeBatch.withSection(section, 1, -1, Compression.NONE)).validate(LIMIT),
            Reason.INVALID_HEADER);
    }

    static Stream<Arguments> bogusRecords() {
        return Stream.of(
            bogus("record length beyond the batch", out -> {
                Varints.writeVarint(1000, out);
                out.put(new byte[] {0, 0, 0, 1, 2, 'v', 0});
            }),
            bogus("negative record length", out -> Varints.writeVarint(-5, out)),
            bogus("record length shorter than its fields", out -> {
                Varints.writeVarint(6, out);
                out.put(new byte[] {0, 0, 0, 1, 2, 'v', 0});
            }),
            bogus("record length longer than its fields", out -> {
                Varints.writeVarint(9, out);
                out.put(new byte[] {0, 0, 0, 1, 2, 'v', 0, 0, 0});
            }),
            bogus("key length -5", out -> body(out, b -> {
                Varints.writeVarint(-5, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(0, b);
            })),
            bogus("key length beyond the record", out -> body(out, b -> {
                Varints.writeVarint(100, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(0, b);
            })),
            bogus("value length -2", out -> body(out, b -> {
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-2, b);
                Varints.writeVarint(0, b);
            })),
            bogus("a million headers", out -> body(out, b -> {
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(1_000_000, b);
            })),
            bogus("negative header count", out -> body(out, b -> {
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
            })),
            bogus("null header key", out -> body(out, b -> {
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(1, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
            })),
            bogus("header value length -2", out -> body(out, b -> {
                Varints.writeVarint(-1, b);
                Varints.writeVarint(-1, b);
                Varints.writeVarint(1, b);
                Varints.writeVarint(1, b);
                b.put((byte) 'k');
                Varints.writeVarint(-2, b);
            })),
            bogus("over-long varint", out -> {
                Varints.writeVarint(12, out);
                out.put(new byte[] {0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1});
            }),
            bogus("offset deltas going backwards", out -> {
                HandMadeBatch.simpleRecord(out, 1);
                HandMadeBatch.simpleRecord(out, 0);
            }),
            bogus("offset delta beyond lastOffsetDelta", out -> {
                HandMadeBatch.simpleRecord(out, 0);
                HandMadeBatch.simpleRecord(out, 5);
            }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bogusRecords")
    void bogusRecordFieldsAreInvalidRecord(String description, byte[] section) {
        for (Compression compression : Compression.values()) {
            // Given
            int count = description.startsWith("offset delta") ? 2 : 1;
            ByteBuffer bytes = HandMadeBatch.withSection(section, count, count - 1, compression);
            // When / Then
            assertReason(() -> RecordBatch.wrap(bytes).validate(LIMIT), Reason.INVALID_RECORD);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageInACompressedBatchIsInvalidCompressedData(Compression compression) {
        // Given
        ByteBuffer bytes = HandMadeBatch.withSection(TestData.bytes(500, 3), 1, 0, Compression.NONE);
        bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) compression.id());
        HandMadeBatch.recrc(bytes);
        // When / Then
        assertReason(() -> RecordBatch.wrap(bytes).validate(LIMIT), Reason.INVALID_COMPRESSED_DATA);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressionBombsStopAtTheLimit(Compression compression) {
        // Given 8 MiB of zeros, a few KiB compressed
        ByteBuffer bytes = new RecordBatchBuilder().compression(compression).append(1L, null, new byte[8 << 20]).build();
        // When / Then
        assertReason(() -> RecordBatch.wrap(bytes).validate(LIMIT), Reason.SIZE_LIMIT_EXCEEDED);
    }

    @Test
    void unknownCodecIdsAreUnsupportedCompression() {
        for (int id = 5; id <= 7; id++) {
            // Given
            ByteBuffer bytes = new RecordBatchBuilder().append(1L, null, new byte[] {1}).build();
            bytes.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) id);
            HandMadeBatch.recrc(bytes);
            RecordBatch batch = RecordBatch.wrap(bytes);
            // When / Then
            assertThat(batch.isValid()).isTrue();
            assertThat(batch.recordCount()).isEqualTo(1);
            assertThatThrownBy(() -> batch.validate(LIMIT)).isInstanceOf(UnsupportedCompressionException.class);
            assertThatThrownBy(batch::compression).isInstanceOf(UnsupportedCompressionException.class);
        }
    }

    @Test
    void compactedBatchesWithGapsAndAnEmptyTailAreValid() {
        // Given offsets 10, 12, 15 in a batch covering 10..20, and an empty batch, as the log cleaner leaves them
        ByteBuffer gaps = new RecordBatchBuilder().baseOffset(10L).lastOffset(20L)
            .appendWithOffset(10L, 1L, null, ByteBuffer.wrap(new byte[] {1}), List.of())
            .appendWithOffset(12L, 1L, null, ByteBuffer.wrap(new byte[] {2}), List.of())
            .appendWithOffset(15L, 1L, null, ByteBuffer.wrap(new byte[] {3}), List.of())
            .build();
        ByteBuffer empty = new RecordBatchBuilder().baseOffset(30L).lastOffset(33L).producer(1L, (short) 0, 7).build();
        // When / Then
        assertThatCode(() -> RecordBatch.wrap(gaps).validate(LIMIT)).doesNotThrowAnyException();
        assertThatCode(() -> RecordBatch.wrap(empty).validate(LIMIT)).doesNotThrowAnyException();
        assertThat(RecordBatch.wrap(gaps).records(LIMIT)).extracting(Record::offset).containsExactly(10L, 12L, 15L);
        assertThat(RecordBatch.wrap(gaps).nextOffset()).isEqualTo(21L);
        KafkaInteropTest.onlyKafkaBatch(gaps).ensureValid();
        assertThat(KafkaInteropTest.onlyKafkaBatch(empty).lastSequence()).isEqualTo(RecordBatch.wrap(empty).lastSequence()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void randomMutationsOnlyEverFailAsCorruptRecords(Compression compression) {
        // Given a valid batch; mutations keep the CRC right so the parser itself is exercised
        ByteBuffer valid = new RecordBatchBuilder().compression(compression).producer(1L, (short) 0, 0)
            .append(1L, new byte[] {1}, TestData.mixed(300, 1), new Header("a", new byte[] {2}), new Header("b", null))
            .append(2L, null, TestData.mixed(200, 2))
            .append(3L, new byte[0], null)
            .build();
        Random random = new Random(compression.ordinal());
        for (int round = 0; round < 1500; round++) {
            ByteBuffer mutated = copy(valid);
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int position = round % 5 == 0
                    ? RecordBatch.ATTRIBUTES_OFFSET + random.nextInt(RecordBatch.HEADER_SIZE - RecordBatch.ATTRIBUTES_OFFSET)
                    : RecordBatch.HEADER_SIZE + random.nextInt(mutated.limit() - RecordBatch.HEADER_SIZE);
                mutated.put(position, (byte) random.nextInt());
            }
            HandMadeBatch.recrc(mutated);
            // When / Then
            try {
                RecordBatch.wrap(mutated).validate(LIMIT);
            } catch (CorruptRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void randomlyMutatedRecordsInsideValidCompressionOnlyEverFailAsCorruptRecords(Compression compression) {
        // Given the uncompressed records of a valid batch; mutated, then compressed properly
        ByteBuffer plain = new RecordBatchBuilder()
            .append(1L, new byte[] {1}, TestData.mixed(30, 1), new Header("a", new byte[] {2}), new Header("b", null))
            .append(2L, null, TestData.mixed(20, 2))
            .append(3L, new byte[0], null)
            .build();
        byte[] section = new byte[plain.limit() - RecordBatch.HEADER_SIZE];
        plain.get(RecordBatch.HEADER_SIZE, section);
        Random random = new Random(31 + compression.ordinal());
        for (int round = 0; round < 1500; round++) {
            byte[] mutated = section.clone();
            for (int i = 0, flips = 1 + random.nextInt(3); i < flips; i++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt();
            }
            ByteBuffer bytes = HandMadeBatch.withSection(mutated, 3, 2, compression);
            // When / Then
            try {
                RecordBatch.wrap(bytes).validate(LIMIT);
            } catch (CorruptRecordException expected) {
                assertThat(expected.reason()).isIn(Reason.INVALID_RECORD, Reason.RECORD_COUNT_MISMATCH);
            }
        }
    }

    private static Arguments bogus(String description, Consumer<ByteBuffer> writer) {
        return Arguments.of(description, HandMadeBatch.bytes(writer));
    }

    /** A record with attributes, timestamp delta and offset delta 0, then whatever {@code rest} writes. */
    private static void body(ByteBuffer out, Consumer<ByteBuffer> rest) {
        byte[] tail = HandMadeBatch.bytes(rest);
        Varints.writeVarint(3 + tail.length, out);
        out.put(new byte[] {0, 0, 0}).put(tail);
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CorruptRecordException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        return ByteBuffer.allocate(buffer.remaining()).put(buffer.duplicate()).flip();
    }
}
