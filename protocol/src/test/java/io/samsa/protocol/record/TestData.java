package io.samsa.protocol.record;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic payloads: half repetitive text (compresses), half random bytes (does not). */
final class TestData {
    private TestData() {}

    static byte[] mixed(int size, long seed) {
        Random random = new Random(seed);
        byte[] text = "the quick brown fox jumps over the lazy dog; ".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (i / 4096) % 2 == 0 ? text[i % text.length] : (byte) random.nextInt();
        }
        return data;
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
