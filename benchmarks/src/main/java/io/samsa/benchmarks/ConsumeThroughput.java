package io.samsa.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with manual assignment (no consumer group) and reports the
 * throughput, the way Kafka's ConsumerPerformance does for its fetch phase: bytes are key plus
 * value, MB is 1024 * 1024 bytes, and the consumer gets ConsumerPerformance's defaults (2 MiB
 * socket receive buffer, 1 MiB per partition and fetch).
 *
 * <p>ConsumerPerformance itself subscribes with a group; this driver exists so the same
 * workload runs on a broker without consumer groups. The same code runs against both brokers.
 *
 * <pre>ConsumeThroughput BOOTSTRAP TOPIC NUM_RECORDS TIMEOUT_MS</pre>
 *
 * Prints one line: {@code records=... bytes=... seconds=... records_per_sec=... mb_per_sec=...}.
 */
public final class ConsumeThroughput {
  private ConsumeThroughput() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: ConsumeThroughput BOOTSTRAP TOPIC NUM_RECORDS TIMEOUT_MS");
      System.exit(2);
    }
    String topic = args[1];
    long wanted = Long.parseLong(args[2]);
    long idleTimeoutMs = Long.parseLong(args[3]);

    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "samsa-bench-consumer");
    props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 2 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));

      long records = 0;
      long bytes = 0;
      long start = System.nanoTime();
      long lastProgress = start;
      long end = start;
      while (records < wanted) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (batch.isEmpty()) {
          if (now - lastProgress > idleTimeoutMs * 1_000_000L) {
            System.err.printf("no records for %d ms after %d of %d records%n", idleTimeoutMs, records, wanted);
            System.exit(1);
          }
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          records++;
          bytes += (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        }
        lastProgress = now;
        end = now;
      }
      double seconds = (end - start) / 1e9;
      System.out.printf("records=%d bytes=%d seconds=%.3f records_per_sec=%.1f mb_per_sec=%.2f%n",
          records, bytes, seconds, records / seconds, bytes / 1048576.0 / seconds);
    }
  }
}
