/**
 * The storage SPI: engines keep partition logs as opaque batches at offsets the broker assigns.
 * Everything else the broker remembers (topics, configs, offsets, group and transaction state)
 * is written by the broker itself into internal logs, so every engine carries every feature.
 */
package io.samsa.api.storage;
