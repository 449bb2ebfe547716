package io.samsa.storage.file;

import io.samsa.api.storage.TopicPartitionId;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests of logs in a running file engine: a {@link FileEngineFixture} over a fresh temporary
 * directory, started before each test and closed after it, and a partition of the test's own
 * topic (with a new topic id for every test) to open in it.
 */
abstract class FileEngineTestBase {
    @TempDir
    Path tempDir;

    final TopicPartitionId partition;
    FileEngineFixture fixture;

    FileEngineTestBase(String topic, int partitionIndex) {
        this.partition = new TopicPartitionId(topic, UUID.randomUUID(), partitionIndex);
    }

    @BeforeEach
    void startEngine() {
        fixture = new FileEngineFixture(tempDir);
    }

    @AfterEach
    void stopEngine() {
        fixture.close();
    }
}
