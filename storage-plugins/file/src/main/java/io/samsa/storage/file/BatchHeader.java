package io.samsa.storage.file;

/** Where one batch lies in a file or buffer and what its header says. */
record BatchHeader(int position, int size, long baseOffset, long lastOffset, long maxTimestamp) {
    int end() {
        return position + size;
    }

    long nextOffset() {
        return lastOffset + 1;
    }
}
