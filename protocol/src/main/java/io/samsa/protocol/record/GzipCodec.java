package io.samsa.protocol.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** RFC 1952 gzip through the JDK, as kafka-clients writes and reads it. */
final class GzipCodec implements CompressionCodec {
    // Same buffer size kafka-clients uses; it only affects speed, never the format.
    private static final int BUFFER_SIZE = 8 * 1024;

    @Override
    public void compress(ByteBuffer source, int level, GrowableBuffer sink) throws IOException {
        try (OutputStream out = new LevelledGzipOutputStream(sink, level)) {
            Buffers.writeTo(source, out);
        }
    }

    @Override
    public void decompress(ByteBuffer source, GrowableBuffer sink) throws IOException {
        // GZIPInputStream reads concatenated members, as Kafka's reader does.
        try (GZIPInputStream in = new GZIPInputStream(new ByteBufferInputStream(source), BUFFER_SIZE)) {
            sink.readFrom(in);
        }
    }

    /** GZIPOutputStream fixes the deflate level at the default; this one takes it as a parameter. */
    private static final class LevelledGzipOutputStream extends GZIPOutputStream {
        LevelledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, BUFFER_SIZE);
            def.setLevel(level);
        }
    }
}
