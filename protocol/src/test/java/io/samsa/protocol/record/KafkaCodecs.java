package io.samsa.protocol.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/** kafka-clients' own stream codecs, as the reference peer in tests. */
final class KafkaCodecs {
    private static final byte MAGIC_V2 = 2;

    private KafkaCodecs() {}

    static org.apache.kafka.common.compress.Compression kafkaCompression(Compression compression) {
        return org.apache.kafka.common.compress.Compression.of(compression.configName()).build();
    }

    static ByteBuffer compress(Compression compression, byte[] data) {
        ByteBufferOutputStream sink = new ByteBufferOutputStream(64);
        try (OutputStream out = kafkaCompression(compression).wrapForOutput(sink, MAGIC_V2)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.buffer().flip();
    }

    static byte[] decompress(Compression compression, ByteBuffer data) {
        try (InputStream in = kafkaCompression(compression).wrapForInput(data.duplicate(), MAGIC_V2, BufferSupplier.create())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
