package io.samsa.core.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * One plugin's class loader: the plugin's own classes and jars first, then the JDK; the shared
 * packages ({@link SharedClassLoader#SHARED_PACKAGES}) always come from the broker, even when the
 * plugin bundles a copy of them, so that the SPI types are the broker's.
 */
final class IsolatingPluginClassLoader extends PluginClassLoader {
    private final String pluginId;

    IsolatingPluginClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, SharedClassLoader parent) {
        super(pluginManager, descriptor, parent, ClassLoadingStrategy.PDA);
        this.pluginId = descriptor.getPluginId();
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return SharedClassLoader.isShared(className);
    }

    @Override
    public URL getResource(String name) {
        return SharedClassLoader.isSharedResource(name) ? getParent().getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return SharedClassLoader.isSharedResource(name) ? getParent().getResources(name) : super.getResources(name);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginId + "]";
    }
}
