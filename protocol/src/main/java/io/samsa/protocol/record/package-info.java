/**
 * Kafka record batches (magic v2) and their compression codecs.
 *
 * <p>Reading: {@link io.samsa.protocol.record.RecordBatchIterator} splits a buffer of batches,
 * {@link io.samsa.protocol.record.RecordBatch} views one batch in place (header fields, CRC32C,
 * patches, records), {@link io.samsa.protocol.record.RecordBatch#validate(int)} runs the checks a
 * broker needs before appending. Writing: {@link io.samsa.protocol.record.RecordBatchBuilder}.
 * Every problem with the bytes is a {@link io.samsa.protocol.record.CorruptRecordException}
 * whose {@link io.samsa.protocol.record.CorruptRecordException.Reason} names it.
 *
 * <p>Buffer ownership: views ({@link io.samsa.protocol.record.RecordBatch}, the key/value of
 * records from an uncompressed batch) share the caller's bytes and never move the caller's
 * position or limit; methods that produce new bytes (builder, compress, decompress) return heap
 * buffers the caller owns.
 */
package io.samsa.protocol.record;
