package io.samsa.protocol;

/**
 * A message cannot be encoded in the requested version: the version is out of range, or a field
 * holds a value that version cannot carry.
 */
public class UnsupportedVersionException extends RuntimeException {
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
