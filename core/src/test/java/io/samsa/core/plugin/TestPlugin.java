package io.samsa.core.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A pf4j plugin built on the fly, laid out as the distribution ships them (like pf4j's own
 * {@code PluginZip} test helper): {@code plugin.properties}, {@code classes/} with the fixture classes
 * and {@code META-INF/extensions.idx}, {@code lib/*.jar}; written as a zip or an unpacked directory,
 * or as a plugin jar (all of it at the root).
 */
final class TestPlugin {
    private final String id;
    private String version = "1.0.0";
    private String requires = "^1.0.0";
    private String pluginClass;
    private String dependencies;
    private String engineName;
    private String engineSettings = "";
    private boolean descriptor = true;
    private final List<String> libClasses = new ArrayList<>();

    private TestPlugin(String id) {
        this.id = id;
    }

    /** A plugin providing the fixture storage engine under {@code engineName}. */
    static TestPlugin storage(String id, String engineName) {
        TestPlugin plugin = new TestPlugin(id);
        plugin.engineName = engineName;
        return plugin;
    }

    /** A plugin with no extensions. */
    static TestPlugin empty(String id) {
        return new TestPlugin(id);
    }

    TestPlugin version(String version) {
        this.version = version;
        return this;
    }

    /** {@code plugin.requires}; null leaves it out. */
    TestPlugin requires(String requires) {
        this.requires = requires;
        return this;
    }

    TestPlugin pluginClass(String pluginClass) {
        this.pluginClass = pluginClass;
        return this;
    }

    TestPlugin dependencies(String dependencies) {
        this.dependencies = dependencies;
        return this;
    }

    /** The settings the fixture engine accepts; any other is rejected with an IllegalArgumentException. */
    TestPlugin acceptedSettings(String... names) {
        this.engineSettings = String.join(",", names);
        return this;
    }

    TestPlugin withoutDescriptor() {
        this.descriptor = false;
        return this;
    }

    /** Ships these fixture classes in {@code lib/own-libraries.jar}. */
    TestPlugin lib(String... classNames) {
        libClasses.addAll(List.of(classNames));
        return this;
    }

    Path zip(Path directory) {
        Path zip = directory.resolve(id + ".zip");
        try {
            Files.createDirectories(directory);
            Files.write(zip, zipBytes(entries("classes/")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    Path unpacked(Path directory) {
        Path root = directory.resolve(id);
        try {
            for (Map.Entry<String, byte[]> entry : entries("classes/").entrySet()) {
                Path file = root.resolve(entry.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** A plugin jar: descriptor, classes and index at the root (no lib/). */
    Path jar(Path directory) {
        if (!libClasses.isEmpty()) {
            throw new IllegalStateException("a plugin jar has no lib/");
        }
        Path jar = directory.resolve(id + ".jar");
        try {
            Files.createDirectories(directory);
            Files.write(jar, zipBytes(entries("")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private Map<String, byte[]> entries(String classesDirectory) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (descriptor) {
            StringBuilder properties = new StringBuilder()
                    .append("plugin.id=").append(id).append('\n')
                    .append("plugin.version=").append(version).append('\n')
                    .append("plugin.provider=Samsa tests\n");
            if (requires != null) {
                properties.append("plugin.requires=").append(requires).append('\n');
            }
            if (pluginClass != null) {
                properties.append("plugin.class=").append(pluginClass).append('\n');
            }
            if (dependencies != null) {
                properties.append("plugin.dependencies=").append(dependencies).append('\n');
            }
            entries.put("plugin.properties", properties.toString().getBytes(UTF_8));
        }
        List<String> classes = new ArrayList<>();
        if (engineName != null) {
            classes.add(FixtureClasses.FACTORY);
            classes.add("fixture.storage.FixtureEngine");
            entries.put(classesDirectory + "fixture/engine.properties",
                    ("name=" + engineName + "\nsettings=" + engineSettings + "\n").getBytes(UTF_8));
            entries.put(classesDirectory + "META-INF/extensions.idx", (FixtureClasses.FACTORY + "\n").getBytes(UTF_8));
        }
        if (pluginClass != null && pluginClass.startsWith("fixture.")) {
            classes.add(pluginClass);
        }
        for (Map.Entry<String, Path> file : FixtureClasses.classFiles(classes).entrySet()) {
            entries.put(classesDirectory + file.getKey(), Files.readAllBytes(file.getValue()));
        }
        if (!libClasses.isEmpty()) {
            Map<String, byte[]> jar = new LinkedHashMap<>();
            for (Map.Entry<String, Path> file : FixtureClasses.classFiles(libClasses).entrySet()) {
                jar.put(file.getKey(), Files.readAllBytes(file.getValue()));
            }
            entries.put("lib/own-libraries.jar", zipBytes(jar));
        }
        return entries;
    }

    private static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes bytes that are not a zip under a .zip name. */
    static Path corruptZip(Path directory, String fileName) {
        Path zip = directory.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(zip)) {
            out.write("PK\u0003\u0004 this is not really a zip file".getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
