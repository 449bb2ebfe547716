package io.samsa.core.plugin;

/** The selected storage engine could not be created or started; start-up stops. The message names the engine. */
public class StorageEngineStartException extends RuntimeException {
    public StorageEngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
