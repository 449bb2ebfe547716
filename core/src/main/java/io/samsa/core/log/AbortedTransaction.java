package io.samsa.core.log;

/** An aborted transaction as Fetch reports it: the consumer drops this producer's batches from {@code firstOffset} up to the ABORT marker. */
public record AbortedTransaction(long producerId, long firstOffset) {}
