package io.samsa.api.storage;

/** Version of this SPI; plugins declare the range they support in {@code Plugin-Requires}. */
public final class StorageSpi {
    /** Semantic version: a major change breaks plugins, a minor one adds to the SPI. */
    public static final String VERSION = "1.0.0";

    private StorageSpi() {}
}
