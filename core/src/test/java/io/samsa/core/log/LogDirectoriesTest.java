package io.samsa.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.samsa.core.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirectoriesTest {
    @TempDir
    Path dir;

    private LogDirectories directories(int nodeId, Path... dirs) {
        return new LogDirectories(new ServerConfig(nodeId, Optional.empty(), List.of(dirs)));
    }

    @Test
    void clusterIdIsGeneratedOnceAndKept() {
        // Given a first start
        String first;
        try (LogDirectories directories = directories(1, dir)) {
            directories.start();
            first = directories.clusterId();
        }
        // When started again on the same directory
        try (LogDirectories directories = directories(1, dir)) {
            directories.start();
            // Then
            assertThat(directories.clusterId()).isEqualTo(first);
        }
        assertThat(first).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
        assertThat(dir.resolve("meta.properties")).content().contains("cluster.id=" + first).contains("node.id=1");
    }

    @Test
    void aSecondBrokerOnTheSameDirectoryRefuses() {
        try (LogDirectories first = directories(1, dir)) {
            first.start();
            LogDirectories second = directories(1, dir);
            assertThatThrownBy(second::start)
                    .isInstanceOf(LogDirectoryException.class)
                    .hasMessageContaining("is in use by another broker")
                    .hasMessageContaining(".lock");
        }
        // Once released, the directory is usable again
        try (LogDirectories again = directories(1, dir)) {
            again.start();
        }
    }

    @Test
    void aDirectoryOfAnotherNodeIsRefused() {
        try (LogDirectories directories = directories(1, dir)) {
            directories.start();
        }
        assertThatThrownBy(() -> directories(2, dir).start())
                .hasMessageContaining("belongs to node.id 1 but this broker is configured with node.id 2");
    }

    @Test
    void newDirectoriesJoinTheExistingCluster() throws IOException {
        Path second = Files.createDirectories(dir.resolve("second"));
        Path first = Files.createDirectories(dir.resolve("first"));
        String id;
        try (LogDirectories directories = directories(1, first)) {
            directories.start();
            id = directories.clusterId();
        }
        try (LogDirectories directories = directories(1, first, second)) {
            directories.start();
            assertThat(directories.clusterId()).isEqualTo(id);
        }
        assertThat(second.resolve("meta.properties")).content().contains("cluster.id=" + id);
    }
}
