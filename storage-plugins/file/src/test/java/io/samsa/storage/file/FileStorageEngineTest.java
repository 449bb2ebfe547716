package io.samsa.storage.file;

import static io.samsa.storage.file.FileEngineFixture.append;
import static io.samsa.storage.file.FileEngineFixture.await;
import static io.samsa.storage.file.FileEngineFixture.failure;
import static io.samsa.storage.file.FileEngineFixture.readAll;
import static io.samsa.storage.file.FileEngineFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.api.storage.StorageCapability;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.StorageException;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.testkit.storage.TestBatch;
import io.samsa.testkit.storage.TestStorageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageEngineTest {
    @TempDir
    Path tempDir;

    @Test
    void theFactoryIsNamedFileAndRejectsEverySetting() {
        // Given
        FileStorageEngineFactory factory = new FileStorageEngineFactory();

        // When / Then
        assertThat(factory.name()).isEqualTo("file");
        try (TestStorageContext context = new TestStorageContext(List.of(tempDir))) {
            assertThatThrownBy(() -> factory.create(Map.of("segment.size", "1", "dir", "x"), context))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("storage.file.dir, storage.file.segment.size");
            try (StorageEngine engine = factory.create(Map.of(), context)) {
                assertThat(engine.capabilities()).containsExactlyInAnyOrder(StorageCapability.values());
            }
        }
    }

    @Test
    void aPartitionDirectoryIsNamedAfterTheTopicAndRecordsItsTopicId() throws IOException {
        // Given
        TopicPartitionId partition = new TopicPartitionId("a.b-c_d", UUID.randomUUID(), 12);
        try (FileEngineFixture fixture = new FileEngineFixture(tempDir)) {
            // When
            append(fixture.open(partition, settings(1024 * 1024, 256)), TestBatch.of(0, 1, 1000, 10));

            // Then
            Path directory = tempDir.resolve("data").resolve("a.b-c_d-12");
            assertThat(directory.resolve("00000000000000000000.log")).exists();
            assertThat(Files.readString(directory.resolve(PartitionDirectory.METADATA_FILE)))
                    .contains("topic_id=" + partition.topicId(), "topic=a.b-c_d", "partition=12");
        }
    }

    @Test
    void aDirectoryOfAnotherTopicWithTheSameNameIsNotOpenedAsThisOne() {
        // Given
        TopicPartitionId old = new TopicPartitionId("reused", UUID.randomUUID(), 0);
        TopicPartitionId recreated = new TopicPartitionId("reused", UUID.randomUUID(), 0);
        try (FileEngineFixture fixture = new FileEngineFixture(tempDir)) {
            TestBatch kept = append(fixture.open(old, settings(1024 * 1024, 256)), TestBatch.of(0, 1, 1000, 10));
            fixture.restart();

            // When
            Throwable failure = failure(fixture.engine.openLog(recreated, settings(1024 * 1024, 256)));
            await(fixture.engine.deleteLog(recreated));

            // Then
            assertThat(failure).isInstanceOf(StorageException.class)
                    .hasMessageContaining(old.topicId().toString())
                    .hasMessageContaining(recreated.topicId().toString());
            assertThat(readAll(fixture.open(old, settings(1024 * 1024, 256)), 0)).isEqualTo(kept.bytes());
        }
    }

    @Test
    void aSecondEngineCannotUseTheSameDataDirectory() {
        // Given
        try (FileEngineFixture fixture = new FileEngineFixture(tempDir);
                TestStorageContext context = new TestStorageContext(fixture.context.dataDirectories())) {
            FileStorageEngine second = new FileStorageEngine(context, FileEngineFixture.FLUSH_CHECK_INTERVAL);

            // When
            Throwable failure = failure(second.start());

            // Then
            assertThat(failure).isInstanceOf(StorageException.class).hasMessageContaining("in use");
            second.close();
        }
    }

    @Test
    void logsAreSpreadOverTheDataDirectoriesAndFoundAgain() {
        // Given
        List<Path> roots = List.of(tempDir.resolve("one"), tempDir.resolve("two"));
        List<TopicPartitionId> partitions = new ArrayList<>();
        try (FileEngineFixture fixture = new FileEngineFixture(roots)) {
            for (int i = 0; i < 4; i++) {
                TopicPartitionId partition = new TopicPartitionId("spread", UUID.randomUUID(), i);
                partitions.add(partition);
                append(fixture.open(partition, settings(1024 * 1024, 256)), TestBatch.of(0, 1, 1000 + i, 10));
            }

            // When
            fixture.restart();

            // Then
            assertThat(roots).allSatisfy(root -> assertThat(root.toFile().list((dir, name) -> name.startsWith("spread-")))
                    .hasSize(2));
            assertThat(await(fixture.engine.listLogs())).containsExactlyInAnyOrderElementsOf(partitions);
            for (int i = 0; i < 4; i++) {
                assertThat(readAll(fixture.open(partitions.get(i), settings(1024 * 1024, 256)), 0))
                        .isEqualTo(TestBatch.of(0, 1, 1000 + i, 10).bytes());
            }
        }
    }

    @Test
    void leftoversOfAnInterruptedDeleteAreRemovedAtStart() throws IOException {
        // Given
        Path leftover = tempDir.resolve("data").resolve("gone-0.0123456789abcdef-delete");
        Files.createDirectories(leftover);
        Files.write(leftover.resolve("00000000000000000000.log"), new byte[10]);

        // When
        try (FileEngineFixture fixture = new FileEngineFixture(tempDir)) {
            // Then
            assertThat(leftover).doesNotExist();
            assertThat(await(fixture.engine.listLogs())).isEmpty();
        }
    }

    @Test
    void misuseFailsTheStageInsteadOfThrowing() {
        // Given
        TopicPartitionId partition = new TopicPartitionId("misused", UUID.randomUUID(), 0);
        try (FileEngineFixture fixture = new FileEngineFixture(tempDir)) {
            FileLog log = fixture.open(partition, settings(1024 * 1024, 256));
            TestBatch batch = append(log, TestBatch.of(0, 4, 1000, 10));
            TestBatch next = TestBatch.of(4, 2, 1000, 10);

            // When / Then
            assertThat(failure(log.append(next.buffer(), 4, 6, 1000))).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(log.append(java.nio.ByteBuffer.allocate(100), 4, 4, 1000)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(log.read(0, -1, Long.MAX_VALUE, true))).isInstanceOf(IllegalArgumentException.class);
            assertThat(failure(log.truncateTo(2))).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.logEndOffset()).isEqualTo(4);
            assertThat(readAll(log, 0)).isEqualTo(batch.bytes());
        }
    }
}
