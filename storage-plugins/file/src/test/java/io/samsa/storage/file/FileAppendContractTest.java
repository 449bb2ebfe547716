package io.samsa.storage.file;

import io.samsa.api.storage.StorageContext;
import io.samsa.api.storage.StorageEngine;
import io.samsa.testkit.storage.AbstractAppendContractTest;
import java.util.Map;

class FileAppendContractTest extends AbstractAppendContractTest {
    @Override
    protected StorageEngine createEngine(StorageContext context) {
        return new FileStorageEngineFactory().create(Map.of(), context);
    }
}
