package io.samsa.api.storage;

import java.util.Map;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * The extension a storage plugin provides. The broker picks the factory whose {@link #name()}
 * equals {@code storage.engine} and passes it every {@code storage.<name>.*} setting with that
 * prefix removed.
 */
public interface StorageEngineFactory extends ExtensionPoint {
    /** The name operators select it by, e.g. "file". */
    String name();

    /** Setting names whose values must never be logged (secrets). */
    default Set<String> sensitivePropertyNames() {
        return Set.of();
    }

    /**
     * Builds an engine; does no I/O (that happens in {@link StorageEngine#start()}). An unknown or
     * invalid setting is reported with an IllegalArgumentException naming the setting.
     */
    StorageEngine create(Map<String, String> config, StorageContext context);
}
