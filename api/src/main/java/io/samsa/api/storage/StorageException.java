package io.samsa.api.storage;

/** A storage failure the broker reports to clients (Kafka's KAFKA_STORAGE_ERROR unless a subclass says otherwise). */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
