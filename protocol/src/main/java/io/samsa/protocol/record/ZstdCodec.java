package io.samsa.protocol.record;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Zstandard frames through zstd-jni, the library kafka-clients uses. */
final class ZstdCodec implements CompressionCodec {

    @Override
    public void compress(ByteBuffer source, int level, GrowableBuffer sink) throws IOException {
        // The streaming encoder, like kafka-clients: frames carry no content size, which readers
        // (Kafka's included) do not need.
        try (ZstdOutputStreamNoFinalizer out = new ZstdOutputStreamNoFinalizer(sink, level)) {
            Buffers.writeTo(source, out);
        }
    }

    @Override
    public void decompress(ByteBuffer source, GrowableBuffer sink) throws IOException {
        // The stream decoder also walks concatenated and skippable frames, and reports a
        // truncated frame as an IOException instead of waiting for more input.
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteBufferInputStream(source))) {
            sink.readFrom(in);
        }
    }
}
