package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.samsa.api.storage.LogSlice;
import io.samsa.core.dispatch.SliceRecords;
import io.samsa.protocol.Records;
import io.samsa.protocol.Writable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes protocol messages into Netty buffers, and sends the records of a log slice without
 * copying them: the output is cut into parts, [bytes so far][the slice][more bytes][slice]...,
 * where a slice is a {@link SliceFileRegion} or {@link SliceBuffers} that closes the slice when
 * Netty is done with it. {@link #finish()} hands the parts over; {@link #discard()} frees them.
 */
final class ByteBufWritable implements Writable {
    /** The first buffer holds the whole message unless records are cut out of it: at most this much up front. */
    private static final int MAX_INITIAL_CAPACITY = 64 * 1024;
    /** A buffer started after a slice usually holds a partition's header or two. */
    private static final int MAX_NEXT_CAPACITY = 4 * 1024;

    private final ByteBufAllocator alloc;
    private final SendStats stats;
    private final List<Object> parts = new ArrayList<>();
    private final long expectedBytes;
    private long partBytes;
    private ByteBuf buf;

    /** {@code expectedBytes} sizes the buffers; the parts may hold more or fewer bytes. */
    ByteBufWritable(ByteBufAllocator alloc, long expectedBytes, SendStats stats) {
        this.alloc = alloc;
        this.stats = stats;
        this.expectedBytes = expectedBytes;
        this.buf = alloc.ioBuffer((int) Math.min(expectedBytes, MAX_INITIAL_CAPACITY));
    }

    @Override
    public void writeRecords(Records records) {
        if (!(records instanceof SliceRecords sliceRecords)) {
            stats.copiedRecords(records.sizeInBytes());
            records.writeTo(this);
            return;
        }
        LogSlice slice = sliceRecords.claim();
        if (slice.sizeInBytes() != records.sizeInBytes()) {
            slice.close();
            throw new IllegalStateException("a slice of " + records.sizeInBytes() + " bytes now holds " + slice.sizeInBytes());
        }
        if (slice.sizeInBytes() == 0) {
            slice.close();
            return;
        }
        Object part;
        try {
            part = switch (slice) {
                case LogSlice.FileRegion region -> new SliceFileRegion(region);
                case LogSlice.Buffers buffers -> SliceBuffers.wrap(alloc, buffers);
            };
        } catch (RuntimeException e) {
            slice.close();
            throw e;
        }
        cut();
        parts.add(part);
        partBytes += slice.sizeInBytes();
        if (slice instanceof LogSlice.FileRegion) {
            stats.fileRegion(slice.sizeInBytes());
        } else {
            stats.bufferSlice(slice.sizeInBytes());
        }
        long remaining = expectedBytes - partBytes;
        buf = alloc.ioBuffer((int) Math.max(0, Math.min(remaining, MAX_NEXT_CAPACITY)));
    }

    /** The parts, in order (ByteBufs and FileRegions, each to be released by whoever takes it); this writer is done. */
    List<Object> finish() {
        cut();
        return parts;
    }

    /** Bytes in all the parts so far. */
    long bytesWritten() {
        return partBytes + (buf == null ? 0 : buf.readableBytes());
    }

    /** Releases every part (closing the slices taken over) and the current buffer. */
    void discard() {
        if (buf != null) {
            buf.release();
            buf = null;
        }
        for (Object part : parts) {
            ReferenceCountUtil.safeRelease(part);
        }
        parts.clear();
    }

    /** Ends the current buffer: a part if anything was written to it. */
    private void cut() {
        if (buf.isReadable()) {
            parts.add(buf);
            partBytes += buf.readableBytes();
        } else {
            buf.release();
        }
        buf = null;
    }

    @Override
    public void writeByte(byte value) {
        buf.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        buf.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        buf.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        buf.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        buf.writeDouble(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        while ((value & 0xffffff80) != 0) {
            buf.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long raw = (value << 1) ^ (value >> 63);
        while ((raw & 0xffffffffffffff80L) != 0) {
            buf.writeByte((int) ((raw & 0x7f) | 0x80));
            raw >>>= 7;
        }
        buf.writeByte((int) raw);
    }

    @Override
    public void writeBytes(byte[] bytes) {
        buf.writeBytes(bytes);
    }

    @Override
    public void writeBytes(byte[] bytes, int offset, int length) {
        buf.writeBytes(bytes, offset, length);
    }

    @Override
    public void writeByteBuffer(ByteBuffer bytes) {
        buf.writeBytes(bytes.duplicate());
    }

    @Override
    public void writeUuid(UUID uuid) {
        buf.writeLong(uuid.getMostSignificantBits());
        buf.writeLong(uuid.getLeastSignificantBits());
    }
}
