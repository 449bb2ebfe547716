package io.samsa.core.dispatch;

import io.samsa.protocol.ApiKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The APIs and versions this broker serves, derived from the registered handlers, so that
 * ApiVersions can never advertise an API without a handler or a version the codec cannot read.
 */
public final class SupportedApis {
    private final Map<ApiKey, VersionRange> ranges;
    private final Map<ApiKey, VersionRange> advertised;

    public SupportedApis(Map<ApiKey, ? extends RequestHandler<?, ?>> handlers) {
        Map<ApiKey, VersionRange> byKey = new EnumMap<>(ApiKey.class);
        Map<ApiKey, VersionRange> announced = new EnumMap<>(ApiKey.class);
        handlers.forEach((key, handler) -> {
            if (handler.apiKey() != key) {
                throw new IllegalStateException(handler.getClass().getName() + " serves " + handler.apiKey()
                        + " but is registered for " + key);
            }
            VersionRange range = handler.versions();
            if (range.min() < key.lowestSupportedVersion() || range.max() > key.highestSupportedVersion()) {
                throw new IllegalStateException(handler.getClass().getName() + " claims " + key + " versions " + range
                        + " but the codec knows " + key.lowestSupportedVersion() + "-" + key.highestSupportedVersion());
            }
            byKey.put(key, range);
            announced.put(key, handler.advertisedVersions());
        });
        this.ranges = Collections.unmodifiableMap(byKey);
        this.advertised = Collections.unmodifiableMap(announced);
    }

    public Optional<VersionRange> advertisedVersions(ApiKey key) {
        return Optional.ofNullable(advertised.get(key));
    }

    public boolean supports(ApiKey key, short version) {
        VersionRange range = ranges.get(key);
        return range != null && range.contains(version);
    }

    /** What ApiVersions announces, in ApiKey order (ascending id), as Kafka lists them. */
    public Map<ApiKey, VersionRange> advertised() {
        return advertised;
    }
}
