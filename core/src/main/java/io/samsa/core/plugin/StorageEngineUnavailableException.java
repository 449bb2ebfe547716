package io.samsa.core.plugin;

import io.samsa.core.config.ConfigException;

/** {@code storage.engine} names an engine no installed plugin provides; start-up stops. */
public class StorageEngineUnavailableException extends ConfigException {
    public StorageEngineUnavailableException(String message) {
        super(message);
    }
}
