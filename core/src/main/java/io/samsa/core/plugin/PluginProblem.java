package io.samsa.core.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Why a plugin (or something in a plugin directory) is not used: the broker logs it and goes on.
 *
 * @param plugin {@code id@version} when the plugin's descriptor could be read, else the file name
 * @param source what the operator installed: the zip, jar or directory in {@code plugin.path}
 * @param reason what went wrong, for an operator to act on
 */
public record PluginProblem(String plugin, Path source, String reason) {
    public PluginProblem {
        requireNonNull(plugin, "plugin is null");
        requireNonNull(source, "source is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return plugin + " (" + source + "): " + reason;
    }

    /** A throwable as one line: its type and message, and those of its root cause if different. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = oneLine(error);
        return root == error ? text : text + " (caused by " + oneLine(root) + ")";
    }

    private static String oneLine(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
    }
}
