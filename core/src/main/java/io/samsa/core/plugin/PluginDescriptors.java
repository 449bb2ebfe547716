package io.samsa.core.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;

/**
 * Reads a plugin's descriptor: {@code plugin.properties}, else a {@code MANIFEST.MF} with
 * {@code Plugin-Id}; a plugin with neither is reported in one line saying so.
 */
final class PluginDescriptors implements PluginDescriptorFinder {
    private final PluginDescriptorFinder properties = new PropertiesPluginDescriptorFinder();
    private final PluginDescriptorFinder manifest = new ManifestPluginDescriptorFinder();

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath) || FileUtils.isJarFile(pluginPath);
    }

    @Override
    public PluginDescriptor find(Path pluginPath) {
        RuntimeException propertiesProblem;
        try {
            return properties.find(pluginPath);
        } catch (RuntimeException e) {
            propertiesProblem = e;
        }
        try {
            return manifest.find(pluginPath);
        } catch (RuntimeException e) {
            PluginRuntimeException missing = new PluginRuntimeException(
                    "no plugin descriptor: expected " + PropertiesPluginDescriptorFinder.DEFAULT_PROPERTIES_FILE_NAME
                            + " (or a META-INF/MANIFEST.MF with Plugin-Id)");
            missing.addSuppressed(propertiesProblem);
            missing.addSuppressed(e);
            throw missing;
        }
    }
}
