/**
 * Plugin loading: a pf4j plugin manager whose plugins each get an isolated class loader, the SPI
 * version check, the registry of storage engines by name, and the service that creates and starts
 * the selected engine.
 *
 * <h2>Wiring (BrokerServer)</h2>
 * Start {@link io.samsa.core.plugin.BrokerPlugins#start()}, then the data directories, then
 * {@link io.samsa.core.plugin.SelectedStorageEngine#start()}; close in reverse. Both are bound by
 * {@link io.samsa.core.plugin.PluginModule}.
 *
 * <h2>What a plugin looks like</h2>
 * A zip (or the same unpacked as a directory, or a jar) in a {@code plugin.path} directory:
 * <pre>
 * plugin.properties            plugin.id, plugin.version, plugin.requires=^1.0.0, [plugin.class, plugin.dependencies]
 * classes/...                  the plugin's classes and resources
 * classes/META-INF/extensions.idx   written by pf4j's annotation processor for {@code @Extension} classes
 * lib/*.jar                    the plugin's own libraries
 * </pre>
 * {@code plugin.requires} is a semantic version range against
 * {@link io.samsa.api.storage.StorageSpi#VERSION}; a bare version {@code 1.2.0} means
 * {@code ^1.2.0}. Zips are unpacked into a private temporary directory, never next to the zip.
 * pf4j's {@code enabled.txt} / {@code disabled.txt} in the first plugin directory are honoured.
 *
 * <h2>What a plugin sees</h2>
 * Its own classes and jars first, then the JDK, plus the broker's copies of {@code io.samsa.api.*},
 * {@code org.pf4j.*} and {@code org.slf4j.*} (logging API only; log lines go where the broker's
 * go). Nothing else of the broker: not core, Netty, Guice, Micrometer, Guava, Jackson or logback.
 * Calls into the plugin at start-up and the storage blocking pool run with the plugin's class
 * loader as the thread context class loader.
 */
package io.samsa.core.plugin;
