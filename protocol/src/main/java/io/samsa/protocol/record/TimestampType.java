package io.samsa.protocol.record;

/** Meaning of a batch's timestamps, bit 3 of the batch attributes. */
public enum TimestampType {
    /** Timestamps were set by the producer. */
    CREATE_TIME,
    /** The broker stamped the batch on append; every record's timestamp is the batch max timestamp. */
    LOG_APPEND_TIME
}
