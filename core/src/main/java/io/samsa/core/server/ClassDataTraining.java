package io.samsa.core.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ClassDataTraining [PLUGIN_DIR]}: the run that {@code bin/samsa-server.sh} makes once per
 * installation and Java version, under {@code -XX:ArchiveClassesAtExit}, so that the JVM records
 * the classes a broker loads while it starts and answers its first request. Later starts map that
 * archive instead of loading, parsing and verifying the same classes again, which is most of a
 * broker's start-up time. Starts a broker on an ephemeral loopback port over a temporary data
 * directory, asks it for its API versions, stops it and deletes the directory.
 */
public final class ClassDataTraining {
    /** ApiVersions v0, correlation id 1, an empty client id: the first request every client sends. */
    private static final byte[] API_VERSIONS_REQUEST = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0, 0};

    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        Path dataDir = Files.createTempDirectory("samsa-class-data-training");
        try {
            List<String> overrides = new ArrayList<>(List.of("listeners=PLAINTEXT://127.0.0.1:0", "log.dirs=" + dataDir));
            if (args.length > 0) {
                overrides.add("plugin.path=" + args[0]);
            }
            BrokerServer broker = Brokers.create(Brokers.loadConfig(Optional.empty(), overrides));
            broker.start();
            try {
                askApiVersions(broker.boundAddresses().getFirst());
            } finally {
                broker.close();
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void askApiVersions(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(API_VERSIONS_REQUEST);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[in.readInt()]);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
