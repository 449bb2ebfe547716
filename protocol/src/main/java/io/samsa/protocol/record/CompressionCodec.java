package io.samsa.protocol.record;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One codec's framing. Implementations are stateless; {@link Compression} turns their failures
 * into {@link CorruptRecordException}s.
 */
interface CompressionCodec {

    /** Appends the compressed form of {@code source}'s remaining bytes to {@code sink}. */
    void compress(ByteBuffer source, int level, GrowableBuffer sink) throws IOException;

    /**
     * Appends the decompressed form of {@code source}'s remaining bytes to {@code sink}, whose
     * limit bounds the output. Must not move {@code source}'s position.
     */
    void decompress(ByteBuffer source, GrowableBuffer sink) throws IOException;

    /** Copies the source into the sink unchanged (codec id 0). */
    CompressionCodec IDENTITY = new CompressionCodec() {
        @Override
        public void compress(ByteBuffer source, int level, GrowableBuffer sink) {
            sink.write(source);
        }

        @Override
        public void decompress(ByteBuffer source, GrowableBuffer sink) {
            sink.write(source);
        }
    };
}
