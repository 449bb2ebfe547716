package io.samsa.protocol;

import java.util.function.Supplier;

/**
 * One generated message class, as listed by the generated {@code MessageCatalog}.
 *
 * @param apiKey the API key of a request or response, else -1
 */
public record MessageInfo(
        String specName,
        Kind kind,
        int apiKey,
        short lowestVersion,
        short highestVersion,
        Supplier<Message> factory,
        Randomizer randomizer) {

    public enum Kind {
        REQUEST,
        RESPONSE,
        HEADER,
        DATA
    }

    @FunctionalInterface
    public interface Randomizer {
        Message random(RandomValues random, short version);
    }

    @Override
    public String toString() {
        return specName;
    }
}
