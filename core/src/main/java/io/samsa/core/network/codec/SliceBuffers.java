package io.samsa.core.network.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.samsa.api.storage.LogSlice;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A log slice held in memory, sent as it is: the engine's buffers wrapped, not copied. Deallocation
 * (the last release, by Netty once written or failed) closes the slice.
 */
final class SliceBuffers extends CompositeByteBuf {
    private final LogSlice.Buffers slice;

    private SliceBuffers(ByteBufAllocator alloc, boolean direct, List<ByteBuf> components, LogSlice.Buffers slice) {
        super(alloc, direct, Math.max(1, components.size()), components);
        this.slice = slice;
    }

    static SliceBuffers wrap(ByteBufAllocator alloc, LogSlice.Buffers slice) {
        List<ByteBuffer> buffers = slice.buffers().stream().filter(ByteBuffer::hasRemaining).toList();
        List<ByteBuf> components = buffers.stream().map(buffer -> Unpooled.wrappedBuffer(buffer.duplicate())).toList();
        boolean direct = !buffers.isEmpty() && buffers.stream().allMatch(ByteBuffer::isDirect);
        return new SliceBuffers(alloc, direct, components, slice);
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            slice.close();
        }
    }
}
