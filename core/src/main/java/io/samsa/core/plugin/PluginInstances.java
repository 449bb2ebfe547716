package io.samsa.core.plugin;

import java.lang.reflect.InvocationTargetException;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates a plugin's {@code plugin.class} (pf4j's {@link Plugin} when none is declared). Unlike
 * pf4j's default factory, which logs and returns null, a failure is thrown with its reason, so
 * that pf4j marks the plugin FAILED with that reason.
 */
final class PluginInstances implements PluginFactory {
    @Override
    public Plugin create(PluginWrapper pluginWrapper) {
        String className = pluginWrapper.getDescriptor().getPluginClass();
        Class<?> type;
        try {
            type = pluginWrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "cannot load plugin class {}", className);
        }
        if (!Plugin.class.isAssignableFrom(type)) {
            throw new PluginRuntimeException("plugin class {} does not extend {}", className, Plugin.class.getName());
        }
        try {
            return (Plugin) newInstance(type, pluginWrapper);
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "plugin class {} failed in its constructor", className);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRuntimeException(e, "cannot create plugin class {} (it needs a public no-argument constructor)",
                    className);
        }
    }

    /** The no-argument constructor, else pf4j's older (deprecated) one taking the wrapper. */
    @SuppressWarnings("deprecation")
    private static Object newInstance(Class<?> type, PluginWrapper pluginWrapper) throws ReflectiveOperationException {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            try {
                return type.getConstructor(PluginWrapper.class).newInstance(pluginWrapper);
            } catch (NoSuchMethodException ignored) {
                throw e;
            }
        }
    }
}
