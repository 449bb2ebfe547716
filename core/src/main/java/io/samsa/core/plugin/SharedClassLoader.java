package io.samsa.core.plugin;

import io.samsa.api.storage.StorageEngineFactory;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.pf4j.PluginManager;
import org.slf4j.Logger;

/**
 * The parent of every plugin's class loader: the JDK (the platform class loader) plus the few
 * packages plugins share with the broker, taken from the broker's own class loader so that, say,
 * {@code StorageEngineFactory} is one and the same class on both sides. Nothing else of the
 * broker's class path (core, Netty, Guice, Micrometer, Guava, Jackson, logback...) is visible, so a
 * plugin that ships its own copy of a library gets its own copy.
 *
 * <p>Shared, and nothing more:
 * <ul>
 *   <li>{@code io.samsa.api.*}: the SPI itself;
 *   <li>{@code org.pf4j.*}: {@code ExtensionPoint}, {@code @Extension}, {@code Plugin};
 *   <li>{@code org.slf4j.*} (the logging API, not an implementation): pf4j's {@code Plugin} base
 *       class exposes an slf4j {@code Logger}, and plugin log lines then go where the broker's do.
 * </ul>
 */
final class SharedClassLoader extends ClassLoader {
    /** Package prefixes (with the trailing dot) whose classes plugins share with the broker. */
    static final List<String> SHARED_PACKAGES = List.of("io.samsa.api.", "org.pf4j.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    /** Per shared prefix, the broker's class loader that holds it. */
    private final Map<String, ClassLoader> owners;

    SharedClassLoader() {
        super("samsa-plugin-parent", ClassLoader.getPlatformClassLoader());
        this.owners = Map.of(
                "io.samsa.api.", loaderOf(StorageEngineFactory.class),
                "org.pf4j.", loaderOf(PluginManager.class),
                "org.slf4j.", loaderOf(Logger.class));
    }

    /** True if the named class is shared: plugins always get the broker's copy. */
    static boolean isShared(String className) {
        return sharedPrefix(className) != null;
    }

    /** True if the named resource lies in a shared package (e.g. {@code io/samsa/api/...}). */
    static boolean isSharedResource(String resourceName) {
        return isShared(resourceName.replace('/', '.'));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        String prefix = sharedPrefix(name);
        if (prefix != null) {
            return owners.get(prefix).loadClass(name);
        }
        // The JDK, else ClassNotFoundException: findClass of ClassLoader finds nothing.
        return super.loadClass(name, resolve);
    }

    @Override
    protected URL findResource(String name) {
        ClassLoader owner = resourceOwner(name);
        return owner == null ? null : owner.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        ClassLoader owner = resourceOwner(name);
        return owner == null ? Collections.emptyEnumeration() : owner.getResources(name);
    }

    @Override
    public String toString() {
        return "SharedClassLoader" + SHARED_PACKAGES;
    }

    private ClassLoader resourceOwner(String name) {
        String prefix = sharedPrefix(name.replace('/', '.'));
        return prefix == null ? null : owners.get(prefix);
    }

    private static String sharedPrefix(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return prefix;
            }
        }
        return null;
    }

    private static ClassLoader loaderOf(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }
}
