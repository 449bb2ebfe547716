package io.samsa.protocol;

/** The body of a request or response of one API. */
public interface ApiMessage extends Message {
    short apiKey();
}
