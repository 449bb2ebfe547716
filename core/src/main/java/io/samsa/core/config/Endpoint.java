package io.samsa.core.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A listener endpoint as written in {@code listeners}/{@code advertised.listeners}:
 * {@code NAME://host:port}. An empty host means every interface when binding.
 */
public record Endpoint(String listenerName, String host, int port) {
    private static final Pattern FORM = Pattern.compile("^([A-Za-z0-9_.-]+)://(\\[[0-9a-fA-F:.%]+\\]|[^:\\[\\]/]*):(\\d+)$");

    public Endpoint {
        requireNonNull(listenerName, "listenerName is null");
        requireNonNull(host, "host is null");
    }

    static Endpoint parse(String configKey, String text) {
        Matcher matcher = FORM.matcher(text.trim());
        if (!matcher.matches()) {
            throw new ConfigException("Invalid value '" + text + "' for configuration '" + configKey
                    + "': expected NAME://host:port, e.g. PLAINTEXT://localhost:9092.");
        }
        String host = matcher.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(matcher.group(3));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("Invalid value '" + text + "' for configuration '" + configKey
                    + "': port must be between 0 and 65535.");
        }
        return new Endpoint(matcher.group(1).toUpperCase(java.util.Locale.ROOT), host, port);
    }

    @Override
    public String toString() {
        String shownHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return listenerName + "://" + shownHost + ":" + port;
    }
}
