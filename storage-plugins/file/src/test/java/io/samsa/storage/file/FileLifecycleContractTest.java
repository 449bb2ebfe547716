package io.samsa.storage.file;

import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.api.storage.TopicPartitionId;
import io.samsa.testkit.storage.AbstractLifecycleContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;

class FileLifecycleContractTest extends AbstractLifecycleContractTest {
    @Override
    protected StorageEngine createEngine(StorageContext context) {
        return new FileStorageEngineFactory().create(Map.of(), context);
    }

    /** A torn write: bytes after the last batch of the last segment file. */
    @Override
    protected void damageTail(TopicPartitionId partition, byte[] bytes) throws IOException {
        Files.write(LogFiles.lastSegment(LogFiles.directory(context.dataDirectories().getFirst(), partition)), bytes,
                StandardOpenOption.APPEND);
    }
}
