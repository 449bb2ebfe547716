package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pf4j.PluginRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins in the {@code plugin.path} directories: unpacked plugin directories, plugin jars,
 * and plugin zips. Unlike pf4j's default repository, zips are unpacked into a private temporary
 * directory (removed on close), never next to the zip: the plugin directory may be read-only, and
 * removing a zip removes the plugin. A zip that cannot be read is reported and skipped.
 */
final class PluginDirectoryRepository implements PluginRepository {
    private static final Logger log = LoggerFactory.getLogger(PluginDirectoryRepository.class);

    private final List<Path> roots;
    private final List<PluginProblem> problems = new ArrayList<>();
    /** Zip -> where it was unpacked; also answers which zip a plugin directory came from. */
    private final Map<Path, Path> unpacked = new LinkedHashMap<>();
    private final Map<Path, Path> sources = new HashMap<>();
    private Path workDirectory;

    PluginDirectoryRepository(List<Path> roots) {
        this.roots = List.copyOf(requireNonNull(roots, "roots is null"));
    }

    @Override
    public synchronized List<Path> getPluginPaths() {
        List<Path> paths = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> entries;
            try (Stream<Path> listing = Files.list(root)) {
                entries = listing.sorted().toList();
            } catch (IOException e) {
                problems.add(new PluginProblem(root.toString(), root, "cannot list the plugin directory: "
                        + PluginProblem.describe(e)));
                continue;
            }
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String lowerCase = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry) || lowerCase.endsWith(".jar")) {
                    paths.add(entry);
                } else if (lowerCase.endsWith(".zip")) {
                    Path directory = unpacked.containsKey(entry) ? unpacked.get(entry) : unpack(entry);
                    if (directory != null) {
                        paths.add(directory);
                    }
                } else {
                    log.debug("Ignoring {}: not a plugin zip, jar or directory", entry);
                }
            }
        }
        return paths;
    }

    /** This broker never deletes what an operator installed. */
    @Override
    public boolean deletePluginPath(Path pluginPath) {
        return false;
    }

    /** What the operator installed for a plugin path this repository returned (the zip for an unpacked one). */
    synchronized Path sourceOf(Path pluginPath) {
        return sources.getOrDefault(pluginPath, pluginPath);
    }

    /** Zips and directories that could not be read. */
    synchronized List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /** Removes the unpacked zips; call once the plugins' class loaders are closed. */
    synchronized void close() {
        if (workDirectory != null) {
            try {
                deleteRecursively(workDirectory);
            } catch (IOException e) {
                log.warn("Could not remove the unpacked plugins in {}: {}", workDirectory, PluginProblem.describe(e));
            }
            workDirectory = null;
        }
        unpacked.clear();
        sources.clear();
    }

    private Path unpack(Path zip) {
        String name = zip.getFileName().toString();
        Path target = null;
        try (ZipFile zipFile = new ZipFile(zip.toFile())) {
            target = workDirectory().resolve(unpacked.size() + "-" + name.substring(0, name.length() - ".zip".length()));
            Path base = target.toAbsolutePath().normalize();
            Files.createDirectories(base);
            for (Enumeration<? extends ZipEntry> entries = zipFile.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path destination = base.resolve(entry.getName()).normalize();
                if (!destination.startsWith(base)) {
                    throw new ZipException("entry '" + entry.getName() + "' points outside the plugin");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            unpacked.put(zip, target);
            sources.put(target, zip);
            log.debug("Unpacked {} into {}", zip, target);
            return target;
        } catch (IOException | RuntimeException e) {
            problems.add(new PluginProblem(name, zip, "not a readable zip: " + PluginProblem.describe(e)));
            if (target != null) {
                try {
                    deleteRecursively(target);
                } catch (IOException ignored) {
                    // removed with the whole work directory on close
                }
            }
            return null;
        }
    }

    private Path workDirectory() throws IOException {
        if (workDirectory == null) {
            workDirectory = Files.createTempDirectory("samsa-plugins-");
        }
        return workDirectory;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
