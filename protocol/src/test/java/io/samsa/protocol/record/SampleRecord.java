package io.samsa.protocol.record;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** A record as a test writes it, convertible to both Samsa's and kafka-clients' inputs. */
record SampleRecord(long timestamp, byte[] key, byte[] value, List<Header> headers) {

    /** Keys, null keys, null and empty values, headers with null values, sizes past one lz4 block. */
    static List<SampleRecord> variety(int count) {
        List<SampleRecord> records = new ArrayList<>();
        long base = 1_700_000_000_000L;
        records.add(new SampleRecord(base, bytes("key-0"), bytes("value-0"),
            List.of(new Header("trace", bytes("abc")), new Header("empty", new byte[0]), new Header("nothing", null))));
        records.add(new SampleRecord(base + 5, null, bytes("no key"), List.of()));
        records.add(new SampleRecord(base - 1000, bytes("tombstone"), null, List.of()));
        records.add(new SampleRecord(base + 7, new byte[0], new byte[0], List.of(new Header("ünïcödé", bytes("✓")))));
        for (int i = records.size(); i < count; i++) {
            byte[] value = TestData.mixed(50 + (i * 37) % 3000, i);
            records.add(new SampleRecord(base + i, bytes("key-" + i), value,
                i % 3 == 0 ? List.of(new Header("i", bytes(Integer.toString(i)))) : List.of()));
        }
        return records.subList(0, count);
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    SimpleRecord toKafka() {
        org.apache.kafka.common.header.Header[] kafkaHeaders = headers.stream()
            .map(h -> new RecordHeader(h.key(), h.value()))
            .toArray(org.apache.kafka.common.header.Header[]::new);
        return new SimpleRecord(timestamp, key, value, kafkaHeaders);
    }

    void appendTo(RecordBatchBuilder builder) {
        builder.append(timestamp, key == null ? null : ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value),
            headers);
    }
}
