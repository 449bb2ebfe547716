package io.samsa.protocol.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory of generated sources. Files whose content is unchanged are not rewritten, so that
 * incremental compilation stays incremental; files no longer generated are deleted.
 */
final class SourceTree {
    private final Path root;
    private final Set<Path> written = new HashSet<>();
    private int changed;

    SourceTree(Path root) {
        this.root = root;
    }

    void write(String packageName, String className, String content) {
        Path file = root.resolve(packageName.replace('.', '/')).resolve(className + ".java");
        written.add(file);
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            changed++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every .java file under the root that was not written in this run; returns how many files changed. */
    int finish() {
        if (!Files.isDirectory(root)) {
            return changed;
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> stale = files
                    .filter(f -> f.toString().endsWith(".java") && !written.contains(f))
                    .toList();
            for (Path f : stale) {
                Files.delete(f);
                changed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return changed;
    }
}
