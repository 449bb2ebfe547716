package io.samsa.storage.file;

import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.testkit.storage.AbstractTruncationAndRetentionContractTest;
import java.util.Map;

class FileTruncationAndRetentionContractTest extends AbstractTruncationAndRetentionContractTest {
    @Override
    protected StorageEngine createEngine(StorageContext context) {
        return new FileStorageEngineFactory().create(Map.of(), context);
    }
}
