package io.samsa.core.log;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.samsa.core.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's data directories: locks them so that a second broker on the same directories
 * refuses to start, and keeps the cluster id in {@code meta.properties} (Kafka's file and
 * keys), generated once on first start and read back on every later one.
 */
public final class LogDirectories implements AutoCloseable {
    static final String LOCK_FILE = ".lock";
    static final String META_FILE = "meta.properties";
    private static final Logger log = LoggerFactory.getLogger(LogDirectories.class);

    private final ServerConfig config;
    private final SecureRandom random = new SecureRandom();
    private final List<FileChannel> lockChannels = new ArrayList<>();
    private volatile String clusterId;

    @Inject
    public LogDirectories(ServerConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** Locks every directory and settles the cluster id; fails with a message naming the directory. */
    public synchronized void start() {
        try {
            for (Path dir : config.logDirs()) {
                Files.createDirectories(dir);
                lock(dir);
            }
            this.clusterId = settleClusterId();
        } catch (IOException e) {
            close();
            throw new LogDirectoryException("Cannot prepare log directories " + config.logDirs() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String clusterId() {
        String id = clusterId;
        if (id == null) {
            throw new IllegalStateException("log directories not started");
        }
        return id;
    }

    @Override
    public synchronized void close() {
        for (FileChannel channel : lockChannels) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("Failed to release a log directory lock", e);
            }
        }
        lockChannels.clear();
    }

    private void lock(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new LogDirectoryException("Log directory " + dir.toAbsolutePath() + " is in use by another broker "
                    + "(lock file " + lockFile.toAbsolutePath() + " is held). Stop that broker or choose other log.dirs.");
        }
        lockChannels.add(channel);
    }

    private String settleClusterId() throws IOException {
        String found = null;
        Path foundIn = null;
        List<Path> missing = new ArrayList<>();
        for (Path dir : config.logDirs()) {
            Optional<Properties> meta = readMeta(dir);
            if (meta.isEmpty()) {
                missing.add(dir);
                continue;
            }
            String storedNode = meta.get().getProperty("node.id");
            if (storedNode != null && !storedNode.equals(Integer.toString(config.nodeId()))) {
                throw new LogDirectoryException("Log directory " + dir.toAbsolutePath() + " belongs to node.id " + storedNode
                        + " but this broker is configured with node.id " + config.nodeId() + ".");
            }
            String id = meta.get().getProperty("cluster.id");
            if (id == null || id.isBlank()) {
                throw new LogDirectoryException(dir.resolve(META_FILE).toAbsolutePath() + " has no cluster.id.");
            }
            if (found != null && !found.equals(id)) {
                throw new LogDirectoryException("Log directories disagree on the cluster id: " + foundIn.toAbsolutePath()
                        + " has " + found + ", " + dir.toAbsolutePath() + " has " + id + ".");
            }
            found = id;
            foundIn = dir;
        }
        String id = found != null ? found : newId();
        for (Path dir : missing) {
            writeMeta(dir, id);
        }
        if (found == null) {
            log.info("Generated cluster id {} and stored it in {}", id, config.logDirs());
        }
        return id;
    }

    private static Optional<Properties> readMeta(Path dir) throws IOException {
        Path file = dir.resolve(META_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return Optional.of(properties);
    }

    private void writeMeta(Path dir, String clusterId) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("version", "1");
        properties.setProperty("cluster.id", clusterId);
        properties.setProperty("node.id", Integer.toString(config.nodeId()));
        properties.setProperty("directory.id", newId());
        Path target = dir.resolve(META_FILE);
        Path temporary = dir.resolve(META_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            properties.store(out, "Written by Samsa on first start; do not edit");
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A Kafka-style id: 16 random bytes in URL-safe base64, never starting with '-' (CLI tools misread it). */
    private String newId() {
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
