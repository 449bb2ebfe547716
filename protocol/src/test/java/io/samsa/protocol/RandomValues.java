package io.samsa.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Seeded random values for the generated randomizers. Each scalar method takes the field's default
 * and never returns it, so that every field is actually exercised on the wire.
 */
public final class RandomValues {
    /** Code points from 1-, 2-, 3- and 4-byte UTF-8 ranges. */
    private static final int[] CODE_POINTS = {
        'a', 'z', 'K', '0', '-', '.', ' ', 'é', 'ß', 'Ω', 'Ж', 'ש', '漢', '字', '€', 0x1F600, 0x1F680, 0x10348
    };

    private final Random random;

    public RandomValues(long seed) {
        this.random = new Random(seed);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    public byte int8(byte notEqualTo) {
        byte value = (byte) random.nextInt();
        return value == notEqualTo ? (byte) (value + 1) : value;
    }

    public short int16(short notEqualTo) {
        short value = (short) random.nextInt();
        return value == notEqualTo ? (short) (value + 1) : value;
    }

    public int uint16(int notEqualTo) {
        int value = random.nextInt(0x10000);
        return value == notEqualTo ? (value + 1) & 0xffff : value;
    }

    public int int32(int notEqualTo) {
        int value = random.nextBoolean() ? random.nextInt() : random.nextInt(1000);
        return value == notEqualTo ? value + 1 : value;
    }

    public long uint32(long notEqualTo) {
        long value = Integer.toUnsignedLong(random.nextInt());
        return value == notEqualTo ? (value + 1) & 0xffffffffL : value;
    }

    public long int64(long notEqualTo) {
        long value = random.nextBoolean() ? random.nextLong() : random.nextInt(100_000);
        return value == notEqualTo ? value + 1 : value;
    }

    public double float64(double notEqualTo) {
        double value = (random.nextDouble() - 0.5) * 1e9;
        return value == notEqualTo ? value + 1 : value;
    }

    /** A non-empty string mixing ASCII with multi-byte UTF-8 characters. */
    public String string(String notEqualTo) {
        while (true) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
            }
            if (!s.toString().equals(notEqualTo)) {
                return s.toString();
            }
        }
    }

    /** 1 to 16 random bytes. */
    public byte[] bytes() {
        byte[] bytes = new byte[1 + random.nextInt(16)];
        random.nextBytes(bytes);
        return bytes;
    }

    public ByteBuffer byteBuffer() {
        return ByteBuffer.wrap(bytes());
    }

    /** 1 to 16 random bytes as a records value (the round trips compare records by their bytes). */
    public Records records() {
        return ByteBufferRecords.wrap(bytes());
    }

    /** A random UUID, never the all-zero "no UUID" sentinel. */
    public UUID uuid() {
        UUID uuid = new UUID(random.nextLong(), random.nextLong());
        return uuid.equals(WireFormat.ZERO_UUID) ? new UUID(0, 1) : uuid;
    }

    /** 0 to 3 elements. */
    public <T> List<T> list(Supplier<T> element) {
        int size = random.nextInt(4);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** True one time in five: how often a nullable field is null. */
    public boolean isNull() {
        return random.nextInt(5) == 0;
    }

    /** 0 to 2 tagged fields with tags the struct does not define, in ascending tag order. */
    public List<RawTaggedField> unknownTaggedFields(int... knownTags) {
        int maxKnown = Arrays.stream(knownTags).max().orElse(-1);
        TreeSet<Integer> tags = new TreeSet<>();
        int wanted = random.nextInt(3);
        while (tags.size() < wanted) {
            int tag = random.nextInt(maxKnown + 6);
            if (Arrays.stream(knownTags).noneMatch(t -> t == tag)) {
                tags.add(tag);
            }
        }
        List<RawTaggedField> fields = new ArrayList<>();
        for (int tag : tags) {
            byte[] data = new byte[random.nextInt(7)];
            random.nextBytes(data);
            fields.add(new RawTaggedField(tag, data));
        }
        return fields;
    }
}
