package io.samsa.core.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import io.samsa.api.storage.StorageEngine;

/**
 * The plugins and the selected storage engine. Needs {@code PluginConfig} and {@code ServerConfig}
 * (bound by ConfigModule). BrokerServer starts {@link BrokerPlugins}, then (after the data
 * directories) {@link SelectedStorageEngine}, and closes them in reverse.
 */
public final class PluginModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(BrokerPlugins.class).in(Scopes.SINGLETON);
        bind(SelectedStorageEngine.class).in(Scopes.SINGLETON);
    }

    /** The started engine; only valid once {@link SelectedStorageEngine#start()} has run. */
    @Provides
    StorageEngine storageEngine(SelectedStorageEngine selected) {
        return selected.engine();
    }
}
