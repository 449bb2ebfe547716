package io.samsa.api.storage;

/** A read outside the log's current range [log start offset, log end offset]. */
public class OffsetOutOfRangeException extends StorageException {
    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
