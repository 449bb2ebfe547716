package io.samsa.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency at a fixed rate: a producer sends records on a fixed schedule, a consumer
 * in the same process (manual assignment, default fetch settings) receives them, and the latency
 * of a record is the time from its <em>scheduled</em> send to its arrival in {@code poll}, so a
 * stall delays the records queued behind it too (no coordinated omission). The schedule time
 * travels in the first 8 bytes of the value; both ends share one {@link System#nanoTime} clock.
 *
 * <p>Kafka's EndToEndLatency keeps one record in flight (its rate is whatever the round trip
 * allows) and reports whole milliseconds; this driver measures at a fixed moderate rate instead,
 * with the producer settings EndToEndLatency uses ({@code linger.ms=0}, the given acks).
 *
 * <pre>LatencyAtRate BOOTSTRAP TOPIC RECORDS_PER_SEC SECONDS RECORD_SIZE ACKS</pre>
 *
 * Prints one line: {@code records=... p50_ms=... p99_ms=... p999_ms=... max_ms=... avg_ms=...}.
 */
public final class LatencyAtRate {
  private LatencyAtRate() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: LatencyAtRate BOOTSTRAP TOPIC RECORDS_PER_SEC SECONDS RECORD_SIZE ACKS");
      System.exit(2);
    }
    String bootstrap = args[0];
    String topic = args[1];
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int recordSize = Integer.parseInt(args[4]);
    String acks = args[5];
    int total = rate * seconds;
    long intervalNanos = 1_000_000_000L / rate;

    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "samsa-bench-latency-consumer");
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "samsa-bench-latency-producer");
    producerProps.put(ProducerConfig.ACKS_CONFIG, acks);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

    long[] latencies = new long[total];
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
      // One round trip before the clock starts: metadata, connections and the producer id.
      producer.send(new ProducerRecord<>(topic, new byte[0])).get();
      for (int seen = 0; seen < 1; ) {
        seen += consumer.poll(Duration.ofSeconds(10)).count();
      }

      AtomicReference<Exception> sendError = new AtomicReference<>();
      AtomicLong sent = new AtomicLong();
      long start = System.nanoTime() + 50_000_000L;
      Thread sender = Thread.ofPlatform().name("sender").start(() -> {
        byte[] filler = new byte[recordSize];
        ThreadLocalRandom.current().nextBytes(filler);
        for (int i = 0; i < total && sendError.get() == null; i++) {
          long scheduled = start + i * intervalNanos;
          long wait;
          while ((wait = scheduled - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          byte[] value = filler.clone();
          ByteBuffer.wrap(value).putLong(0, scheduled);
          producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
            if (e != null) {
              sendError.compareAndSet(null, e);
            }
          });
          sent.incrementAndGet();
        }
      });

      long deadline = start + (seconds + 60L) * 1_000_000_000L;
      int received = 0;
      while (received < total) {
        if (sendError.get() != null) {
          throw sendError.get();
        }
        if (System.nanoTime() > deadline) {
          System.err.printf("timed out: %d of %d records received (%d sent)%n", received, total, sent.get());
          System.exit(1);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          if (record.value().length < 8) {
            continue;
          }
          latencies[received++] = now - ByteBuffer.wrap(record.value()).getLong(0);
          if (received == total) {
            break;
          }
        }
      }
      sender.join();
    }

    Arrays.sort(latencies);
    double sum = 0;
    for (long latency : latencies) {
      sum += latency;
    }
    System.out.printf("records=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f avg_ms=%.3f%n",
        total, ms(percentile(latencies, 0.50)), ms(percentile(latencies, 0.99)),
        ms(percentile(latencies, 0.999)), ms(latencies[total - 1]), sum / total / 1e6);
  }

  private static long percentile(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
