/**
 * Plugin loading: a pf4j plugin manager whose plugins each get an isolated class loader (the JDK
 * plus the shared SPI packages, nothing else of the broker), the SPI version check, the registry
 * of storage engines by name, and the service that creates and starts the selected engine.
 *
 * <p>Start-up order (BrokerServer): {@link io.samsa.core.plugin.BrokerPlugins#start()}, then the
 * data directories, then {@link io.samsa.core.plugin.SelectedStorageEngine#start()}; closing runs
 * in reverse.
 */
package io.samsa.core.plugin;
