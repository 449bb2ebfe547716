package io.samsa.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known name closest to a mistyped one, so an error can say "did you mean ...". */
final class NearMiss {
    private NearMiss() {}

    static Optional<String> closest(String typed, Collection<String> known) {
        int limit = Math.max(2, typed.length() / 4);
        return known.stream()
                .filter(candidate -> editDistance(typed, candidate) <= limit)
                .min(Comparator.comparingInt((String candidate) -> editDistance(typed, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
