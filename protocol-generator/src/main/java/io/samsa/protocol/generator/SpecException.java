package io.samsa.protocol.generator;

/** A message spec the generator cannot turn into code; the message names the spec and the problem. */
public class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
