package io.samsa.storage.file;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Kafka's names: a segment is named by its base offset, zero-padded to 20 digits. */
final class SegmentFileNames {
    static final String LOG_SUFFIX = ".log";
    static final String OFFSET_INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    /** A truncated copy being written; replaces the segment file once complete. */
    static final String TRUNCATING_SUFFIX = ".log.truncating";

    private SegmentFileNames() {}

    static String baseName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path log(Path directory, long baseOffset) {
        return directory.resolve(baseName(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndex(Path directory, long baseOffset) {
        return directory.resolve(baseName(baseOffset) + OFFSET_INDEX_SUFFIX);
    }

    static Path timeIndex(Path directory, long baseOffset) {
        return directory.resolve(baseName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    static Path truncating(Path directory, long baseOffset) {
        return directory.resolve(baseName(baseOffset) + TRUNCATING_SUFFIX);
    }

    /** The base offset of a segment data file's name, or empty if the name is not one. */
    static OptionalLong baseOffsetOfLog(String fileName) {
        if (!fileName.endsWith(LOG_SUFFIX) || fileName.length() != 20 + LOG_SUFFIX.length()) {
            return OptionalLong.empty();
        }
        String digits = fileName.substring(0, 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
