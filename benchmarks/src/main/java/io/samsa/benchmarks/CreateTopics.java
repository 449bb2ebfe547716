package io.samsa.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Creates the benchmark's topics in one Admin call and waits until every partition has a leader.
 *
 * <pre>CreateTopics BOOTSTRAP NAME:PARTITIONS...</pre>
 */
public final class CreateTopics {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private CreateTopics() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: CreateTopics BOOTSTRAP NAME:PARTITIONS...");
      System.exit(2);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] parts = args[i].split(":", 2);
      topics.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      List<String> names = topics.stream().map(NewTopic::name).toList();
      while (!allLed(admin.describeTopics(names).allTopicNames().get(), topics)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("partitions of " + names + " have no leader after " + TIMEOUT);
        }
        Thread.sleep(50);
      }
    }
  }

  private static boolean allLed(Map<String, TopicDescription> descriptions, List<NewTopic> topics) {
    for (NewTopic topic : topics) {
      TopicDescription description = descriptions.get(topic.name());
      if (description == null || description.partitions().size() != topic.numPartitions()) {
        return false;
      }
      for (TopicPartitionInfo partition : description.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }
}
