package io.samsa.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.protocol.record.CorruptRecordException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

@Timeout(30)
class CompressionTest {
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    static Stream<Arguments> codecsAndSizes() {
        return Stream.of(Compression.values()).flatMap(compression ->
            Stream.of(0, 1, 100, 70_000, 300_000).map(size -> Arguments.of(compression, size)));
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("codecsAndSizes")
    void kafkaReadsWhatSamsaCompresses(Compression compression, int size) {
        // Given
        byte[] data = TestData.mixed(size, size);
        // When
        ByteBuffer compressed = compression.compress(ByteBuffer.wrap(data));
        // Then
        assertThat(KafkaCodecs.decompress(compression, compressed)).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("codecsAndSizes")
    void samsaReadsWhatKafkaCompresses(Compression compression, int size) {
        // Given
        byte[] data = TestData.mixed(size, size);
        ByteBuffer compressed = KafkaCodecs.compress(compression, data);
        // When
        ByteBuffer decompressed = compression.decompress(compressed, NO_LIMIT);
        // Then
        assertThat(toArray(decompressed)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "SNAPPY", "LZ4", "GZIP"})
    void defaultLevelOutputIsByteIdenticalToKafkas(Compression compression) {
        // Given
        byte[] data = TestData.mixed(200_000, 7);
        // When
        ByteBuffer ours = compression.compress(ByteBuffer.wrap(data));
        // Then
        assertThat(toArray(ours)).isEqualTo(toArray(KafkaCodecs.compress(compression, data)));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void compressAndDecompressLeaveTheCallersBufferAlone(Compression compression) {
        // Given
        ByteBuffer input = ByteBuffer.allocateDirect(10_000).put(TestData.mixed(10_000, 1)).flip().position(100);
        // When
        ByteBuffer compressed = compression.compress(input);
        ByteBuffer directCompressed = ByteBuffer.allocateDirect(compressed.remaining()).put(compressed.duplicate()).flip();
        ByteBuffer decompressed = compression.decompress(directCompressed, NO_LIMIT);
        // Then
        assertThat(input.position()).isEqualTo(100);
        assertThat(directCompressed.position()).isZero();
        assertThat(decompressed).isEqualTo(input);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "LZ4", "ZSTD"})
    void nonDefaultLevelsStayReadableByKafka(Compression compression) {
        // Given
        byte[] data = TestData.mixed(100_000, 3);
        int level = compression == Compression.ZSTD ? 19 : compression == Compression.LZ4 ? 17 : 1;
        // When
        ByteBuffer compressed = compression.compress(ByteBuffer.wrap(data), level);
        // Then
        assertThat(KafkaCodecs.decompress(compression, compressed)).isEqualTo(data);
    }

    @Test
    void levelsOutsideTheCodecsRangeAreRejected() {
        assertThatThrownBy(() -> Compression.GZIP.compress(ByteBuffer.allocate(1), 10))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compression.LZ4.compress(ByteBuffer.allocate(1), 18))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void decompressionStopsAtTheCallersLimit(Compression compression) {
        // Given a highly compressible megabyte
        ByteBuffer compressed = compression.compress(ByteBuffer.wrap(new byte[1 << 20]));
        // When / Then
        assertThatThrownBy(() -> compression.decompress(compressed, 100_000))
            .isInstanceOfSatisfying(CorruptRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SIZE_LIMIT_EXCEEDED));
        assertThat(compression.decompress(compressed, 1 << 20).remaining()).isEqualTo(1 << 20);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageIsInvalidCompressedData(Compression compression) {
        // Given
        ByteBuffer garbage = ByteBuffer.wrap(TestData.bytes(1000, 42));
        // When / Then
        assertThatThrownBy(() -> compression.decompress(garbage, NO_LIMIT))
            .isInstanceOfSatisfying(CorruptRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_COMPRESSED_DATA));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyTruncationIsRejectedOrShort(Compression compression) {
        // Given
        byte[] data = TestData.mixed(50_000, 5);
        byte[] compressed = toArray(compression.compress(ByteBuffer.wrap(data)));
        for (int length = 0; length < compressed.length; length += Math.max(1, compressed.length / 200)) {
            ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(compressed, length));
            // When
            ByteBuffer result;
            try {
                result = compression.decompress(truncated, NO_LIMIT);
            } catch (CorruptRecordException e) {
                continue;
            }
            // Then: a cut stream never yields more than it held, and never claims to be whole
            assertThat(result.remaining()).isLessThan(data.length);
        }
    }

    @Test
    void unknownCodecIdsAreUnsupported() {
        for (int id = 5; id <= 7; id++) {
            int codecId = id;
            assertThatThrownBy(() -> Compression.forId(codecId))
                .isInstanceOfSatisfying(UnsupportedCompressionException.class, e -> {
                    assertThat(e.codecId()).isEqualTo(codecId);
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_COMPRESSION);
                });
        }
        assertThat(Compression.forId(3)).isEqualTo(Compression.LZ4);
        assertThat(Compression.forConfigName("ZSTD")).isEqualTo(Compression.ZSTD);
    }

    @Test
    void snappyReadsUnframedBlocksAndConcatenatedStreams() throws IOException {
        // Given a raw block, as some non-Java clients write, and two framed streams back to back
        byte[] data = TestData.mixed(40_000, 9);
        ByteBuffer raw = ByteBuffer.wrap(Snappy.compress(data));
        byte[] first = toArray(Compression.SNAPPY.compress(ByteBuffer.wrap(data, 0, 20_000)));
        byte[] second = toArray(Compression.SNAPPY.compress(ByteBuffer.wrap(data, 20_000, 20_000)));
        ByteBuffer concatenated = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        // When / Then
        assertThat(toArray(Compression.SNAPPY.decompress(raw, NO_LIMIT))).isEqualTo(data);
        assertThat(toArray(Compression.SNAPPY.decompress(concatenated, NO_LIMIT))).isEqualTo(data);
    }

    @Test
    void snappyBlockClaimingMoreThanItCanHoldIsRejectedBeforeAllocating() {
        // Given a raw block whose length preamble claims ~2 GB
        ByteBuffer bomb = ByteBuffer.wrap(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0, 0});
        // When / Then
        assertThatThrownBy(() -> Compression.SNAPPY.decompress(bomb, NO_LIMIT))
            .isInstanceOfSatisfying(CorruptRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_COMPRESSED_DATA));
    }

    @Test
    void lz4ReadsFramesWithChecksumsContentSizeAndLargerBlocks() throws IOException {
        // Given a frame as the reference lz4 implementation writes it with every optional field
        byte[] data = TestData.mixed(600_000, 11);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_256KB, data.length,
            Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM, Bits.CONTENT_SIZE, Bits.CONTENT_CHECKSUM)) {
            out.write(data);
        }
        // When
        ByteBuffer decompressed = Compression.LZ4.decompress(ByteBuffer.wrap(frame.toByteArray()), NO_LIMIT);
        // Then
        assertThat(toArray(decompressed)).isEqualTo(data);
    }

    @Test
    void lz4FramesWeWriteFollowTheFrameSpecification() throws IOException {
        // Given
        byte[] data = TestData.mixed(150_000, 13);
        ByteBuffer compressed = Compression.LZ4.compress(ByteBuffer.wrap(data));
        // When
        byte[] read;
        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteBufferInputStream(compressed))) {
            read = in.readAllBytes();
        }
        // Then
        assertThat(read).isEqualTo(data);
        assertThat(compressed.get(4)).as("FLG: version 01, independent blocks").isEqualTo((byte) 0x60);
        assertThat(compressed.get(5)).as("BD: 64 KiB blocks").isEqualTo((byte) 0x40);
    }

    @Test
    void lz4RejectsWhatKafkaRejects() throws IOException {
        // Given linked blocks, a damaged block checksum and a damaged header checksum
        byte[] data = TestData.mixed(100_000, 17);
        byte[] linked = toArray(Compression.LZ4.compress(ByteBuffer.wrap(data)));
        linked[4] &= ~0x20; // clear the block-independence flag
        linked[6] = (byte) ((XXHashFactory.safeInstance().hash32().hash(linked, 4, 2, 0) >> 8) & 0xff);
        ByteArrayOutputStream checksummed = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(checksummed, BLOCKSIZE.SIZE_64KB,
            Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM)) {
            out.write(data);
        }
        byte[] badBlockChecksum = checksummed.toByteArray();
        int firstBlockLength = ByteBuffer.wrap(badBlockChecksum, 7, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
            & 0x7fffffff;
        badBlockChecksum[7 + 4 + firstBlockLength] ^= 1;
        byte[] badHeaderChecksum = toArray(Compression.LZ4.compress(ByteBuffer.wrap(data)));
        badHeaderChecksum[6] ^= 1;
        // When / Then
        for (byte[] frame : new byte[][] {linked, badBlockChecksum, badHeaderChecksum}) {
            assertThatThrownBy(() -> Compression.LZ4.decompress(ByteBuffer.wrap(frame), NO_LIMIT))
                .isInstanceOfSatisfying(CorruptRecordException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_COMPRESSED_DATA));
            assertThatThrownBy(() -> KafkaCodecs.decompress(Compression.LZ4, ByteBuffer.wrap(frame)))
                .as("kafka-clients rejects it too")
                .isInstanceOf(RuntimeException.class);
        }
    }

    static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
