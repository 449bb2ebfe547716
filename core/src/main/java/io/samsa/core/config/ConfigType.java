package io.samsa.core.config;

import java.util.Arrays;
import java.util.List;

/** How a configuration value is written in a properties file, and how it is parsed. */
public enum ConfigType {
    BOOLEAN {
        @Override
        Object parse(String raw) {
            String value = raw.trim();
            if (value.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (value.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("expected true or false");
        }
    },
    SHORT {
        @Override
        Object parse(String raw) {
            long value = parseWhole(raw);
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
                throw new IllegalArgumentException("out of range for a 16-bit number");
            }
            return (short) value;
        }
    },
    INT {
        @Override
        Object parse(String raw) {
            long value = parseWhole(raw);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("out of range for a 32-bit number");
            }
            return (int) value;
        }
    },
    LONG {
        @Override
        Object parse(String raw) {
            return parseWhole(raw);
        }
    },
    STRING {
        @Override
        Object parse(String raw) {
            return raw.trim();
        }
    },
    /** Comma-separated; blanks around items are ignored and empty items dropped. */
    LIST {
        @Override
        Object parse(String raw) {
            String trimmed = raw.trim();
            if (trimmed.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(trimmed.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList();
        }
    };

    /** Parses a raw value; throws IllegalArgumentException whose message says what is wrong. */
    abstract Object parse(String raw);

    private static long parseWhole(String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }
}
