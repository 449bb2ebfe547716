/**
 * The plugin SPI of Samsa. Storage engines and authentication/authorization plugins depend on
 * this package alone (plus the JDK); it never exposes Netty, Guice or Kafka client types.
 */
package io.samsa.api;
