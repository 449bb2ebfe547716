package io.samsa.core.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.samsa.api.storage.StorageEngineFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.pf4j.ExtensionPoint;

/**
 * Classes that exist only inside the test plugins: compiled at test time against the api classes
 * and pf4j (nothing else), once per test run, and never on the test class path. That is what makes
 * the isolation tests mean something.
 */
final class FixtureClasses {
    static final String FACTORY = "fixture.storage.FixtureStorageFactory";
    static final String FAILING_PLUGIN = "fixture.failing.FailingPlugin";
    /** A stand-in for a library the broker also has (Guava), shipped in the plugin's lib/. */
    static final String OWN_GUAVA = "com.google.common.base.Strings";
    /** A stale copy of an SPI class bundled in the plugin's lib/; the broker's must win. */
    static final String OWN_SPI_COPY = "io.samsa.api.storage.StorageSpi";

    private static final Map<String, String> SOURCES = Map.of(
            FACTORY, """
                    package fixture.storage;

                    import io.samsa.api.storage.StorageContext;
                    import io.samsa.api.storage.StorageEngine;
                    import io.samsa.api.storage.StorageEngineFactory;
                    import java.io.IOException;
                    import java.io.InputStream;
                    import java.io.UncheckedIOException;
                    import java.util.Arrays;
                    import java.util.Map;
import java.util.TreeMap;
                    import java.util.Properties;
                    import java.util.Set;
                    import java.util.TreeSet;
                    import java.util.function.Function;
                    import org.pf4j.Extension;

                    /** Name and accepted settings come from fixture/engine.properties in the plugin. */
                    @Extension
                    public final class FixtureStorageFactory implements StorageEngineFactory, Function<String, Object> {
                        private final Properties properties = new Properties();

                        public FixtureStorageFactory() {
                            try (InputStream in = getClass().getClassLoader().getResourceAsStream("fixture/engine.properties")) {
                                if (in != null) {
                                    properties.load(in);
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }

                        @Override
                        public String name() {
                            return properties.getProperty("name", "fixture");
                        }

                        @Override
                        public Set<String> sensitivePropertyNames() {
                            return Set.of("password");
                        }

                        @Override
                        public StorageEngine create(Map<String, String> config, StorageContext context) {
                            Set<String> known = new TreeSet<>(Arrays.asList(properties.getProperty("settings", "").split(",")));
                            for (String key : new TreeSet<>(config.keySet())) {
                                if (!known.contains(key)) {
                                    throw new IllegalArgumentException("unknown setting '" + key + "'");
                                }
                            }
                            return new FixtureEngine(config, context);
                        }

                        /** Probes from inside the plugin: "class:NAME" (Class.forName) or "resource:NAME". */
                        @Override
                        public Object apply(String probe) {
                            if (probe.startsWith("class:")) {
                                try {
                                    return Class.forName(probe.substring("class:".length()));
                                } catch (ClassNotFoundException | LinkageError e) {
                                    return e;
                                }
                            }
                            if (probe.startsWith("resource:")) {
                                return getClass().getClassLoader().getResource(probe.substring("resource:".length()));
                            }
                            if (probe.equals("contextClassLoader")) {
                                return Thread.currentThread().getContextClassLoader();
                            }
                            throw new IllegalArgumentException(probe);
                        }
                    }
                    """,
            "fixture.storage.FixtureEngine", """
                    package fixture.storage;

                    import io.samsa.api.storage.LogSettings;
                    import io.samsa.api.storage.PartitionLog;
                    import io.samsa.api.storage.StorageCapability;
                    import io.samsa.api.storage.StorageContext;
                    import io.samsa.api.storage.StorageEngine;
                    import io.samsa.api.storage.TopicPartitionId;
                    import java.util.EnumSet;
                    import java.util.Map;
import java.util.TreeMap;
                    import java.util.Set;
                    import java.util.concurrent.CompletableFuture;
                    import java.util.concurrent.CompletionStage;
                    import java.util.function.Function;

                    /** Starts on the broker's blocking executor and reports what it saw through apply(). */
                    final class FixtureEngine implements StorageEngine, Function<String, Object> {
                        private final Map<String, String> config;
                        private final StorageContext context;
                        private volatile boolean started;
                        private volatile boolean closed;
                        private volatile String startThread;
                        private volatile ClassLoader startContextClassLoader;

                        FixtureEngine(Map<String, String> config, StorageContext context) {
                            this.config = Map.copyOf(config);
                            this.context = context;
                        }

                        @Override
                        public CompletionStage<Void> start() {
                            if (config.containsKey("fail-start")) {
                                return CompletableFuture.failedFuture(new IllegalStateException("cannot open " + config.get("fail-start")));
                            }
                            return CompletableFuture.runAsync(() -> {
                                startThread = Thread.currentThread().getName();
                                startContextClassLoader = Thread.currentThread().getContextClassLoader();
                                started = true;
                            }, context.blockingExecutor());
                        }

                        @Override
                        public Set<StorageCapability> capabilities() {
                            return EnumSet.noneOf(StorageCapability.class);
                        }

                        @Override
                        public CompletionStage<PartitionLog> openLog(TopicPartitionId partition, LogSettings settings) {
                            return CompletableFuture.failedFuture(new UnsupportedOperationException("fixture"));
                        }

                        @Override
                        public CompletionStage<Void> deleteLog(TopicPartitionId partition) {
                            return CompletableFuture.completedFuture(null);
                        }

                        @Override
                        public CompletionStage<Set<TopicPartitionId>> listLogs() {
                            return CompletableFuture.completedFuture(Set.of());
                        }

                        @Override
                        public void close() {
                            closed = true;
                        }

                        @Override
                        public Object apply(String what) {
                            return switch (what) {
                                case "config" -> config;
                                case "context" -> context;
                                case "started" -> started;
                                case "closed" -> closed;
                                case "startThread" -> startThread;
                                case "startContextClassLoader" -> startContextClassLoader;
                                default -> throw new IllegalArgumentException(what);
                            };
                        }
                    }
                    """,
            FAILING_PLUGIN, """
                    package fixture.failing;

                    public final class FailingPlugin extends org.pf4j.Plugin {
                        @Override
                        public void start() {
                            throw new IllegalStateException("boom: the plugin cannot start");
                        }
                    }
                    """,
            OWN_GUAVA, """
                    package com.google.common.base;

                    public final class Strings {
                        public static String origin() {
                            return "the plugin's own copy";
                        }
                    }
                    """,
            OWN_SPI_COPY, """
                    package io.samsa.api.storage;

                    public final class StorageSpi {
                        public static final String VERSION = "0.0.1-stale-copy";
                    }
                    """);

    private static Path compiled;

    private FixtureClasses() {}

    /** The directory holding every fixture class, compiled on first use. */
    static synchronized Path directory() {
        if (compiled == null) {
            compiled = compile();
        }
        return compiled;
    }

    /** The class files of the given classes (with their nested classes), keyed by their path in a jar. */
    static Map<String, Path> classFiles(List<String> classNames) {
        Path root = directory();
        Map<String, Path> files = new TreeMap<>();
        for (String className : classNames) {
            Path packageDir = root.resolve(className.substring(0, className.lastIndexOf('.')).replace('.', '/'));
            String simpleName = className.substring(className.lastIndexOf('.') + 1);
            try (Stream<Path> listing = Files.list(packageDir)) {
                listing.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.equals(simpleName + ".class") || name.startsWith(simpleName + "$");
                }).forEach(file -> files.put(root.relativize(file).toString().replace('\\', '/'), file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static Path compile() {
        try {
            Path output = Files.createTempDirectory("samsa-fixture-classes-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestPlugin.deleteRecursively(output)));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("tests need a JDK (javax.tools compiler), not a JRE");
            }
            try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, UTF_8)) {
                files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
                // Only the SPI and pf4j: a fixture cannot even compile against core.
                files.setLocationFromPaths(StandardLocation.CLASS_PATH,
                        List.of(locationOf(StorageEngineFactory.class), locationOf(ExtensionPoint.class)));
                List<JavaFileObject> units = new ArrayList<>();
                SOURCES.forEach((name, source) -> units.add(new Source(name, source)));
                StringWriter diagnostics = new StringWriter();
                boolean ok = javac.getTask(diagnostics, files, null, List.of("-proc:none", "--release", "21"), null, units)
                        .call();
                if (!ok) {
                    throw new IllegalStateException("fixture classes do not compile:\n" + diagnostics);
                }
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
