package io.samsa.core.config;

import static io.samsa.core.config.BrokerConfigDefinition.BROKER_RACK;
import static io.samsa.core.config.BrokerConfigDefinition.LOG_DIR;
import static io.samsa.core.config.BrokerConfigDefinition.LOG_DIRS;
import static io.samsa.core.config.BrokerConfigDefinition.NODE_ID;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The broker's identity and where it keeps its data. */
public record ServerConfig(int nodeId, Optional<String> rack, List<Path> logDirs) {
    public ServerConfig {
        logDirs = List.copyOf(logDirs);
    }

    static ServerConfig from(ConfigValues values) {
        List<String> dirs = values.getList(LOG_DIRS)
                .filter(list -> !list.isEmpty())
                .orElseGet(() -> List.of(values.getString(LOG_DIR).orElseThrow()));
        return new ServerConfig(
                values.getInt(NODE_ID),
                values.getString(BROKER_RACK).filter(rack -> !rack.isEmpty()),
                dirs.stream().map(Path::of).toList());
    }
}
