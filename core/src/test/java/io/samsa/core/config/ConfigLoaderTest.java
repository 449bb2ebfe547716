package io.samsa.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final BrokerConfigDefinition definition = new BrokerConfigDefinition();
    private final ConfigLoader loader = new ConfigLoader(definition);

    private BrokerConfig load(Map<String, String> properties) {
        return BrokerConfig.from(definition, loader.load(properties));
    }

    @Test
    void defaultsMatchTheEmbeddedBroker() {
        // When
        BrokerConfig config = load(Map.of());
        // Then
        assertThat(config.server().nodeId()).isEqualTo(1);
        assertThat(config.server().rack()).isEmpty();
        assertThat(config.server().logDirs()).containsExactly(Path.of("./data"));
        assertThat(config.network().listeners()).containsExactly(new Endpoint("PLAINTEXT", "localhost", 9092));
        assertThat(config.network().advertised()).isEmpty();
        assertThat(config.network().socketRequestMaxBytes()).isEqualTo(104857600);
        assertThat(config.network().socketSendBufferBytes()).isEqualTo(102400);
        assertThat(config.network().socketReceiveBufferBytes()).isEqualTo(102400);
        assertThat(config.network().connectionsMaxIdleMs()).isEqualTo(600000L);
        assertThat(config.network().networkThreads()).isEqualTo(3);
        assertThat(config.acceptedWithoutEffect()).isEmpty();
    }

    @Test
    void kafkaDefaultsOfKeysNotYetInEffect() {
        ConfigValues values = loader.load(Map.of());
        assertThat(values.getInt("log.retention.hours")).isEqualTo(168);
        assertThat(values.getInt("num.partitions")).isEqualTo(1);
        assertThat(values.getBoolean("auto.create.topics.enable")).isTrue();
        assertThat(values.getInt("message.max.bytes")).isEqualTo(1048588);
        assertThat(values.getInt("log.segment.bytes")).isEqualTo(1073741824);
    }

    @Test
    void everyKeyInEffectMapsToItsRecordField() {
        // Given
        Map<String, String> properties = Map.ofEntries(
                Map.entry("node.id", "7"),
                Map.entry("broker.rack", "rack-a"),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:0, INTERNAL://[::1]:9093"),
                Map.entry("advertised.listeners", "PLAINTEXT://broker.example:19092"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT"),
                Map.entry("log.dirs", "/d1,/d2"),
                Map.entry("log.dir", "/ignored"),
                Map.entry("socket.request.max.bytes", "1000"),
                Map.entry("socket.send.buffer.bytes", "-1"),
                Map.entry("socket.receive.buffer.bytes", "65536"),
                Map.entry("connections.max.idle.ms", "5000"),
                Map.entry("num.network.threads", "2"));
        // When
        BrokerConfig config = load(properties);
        // Then
        assertThat(config.server()).isEqualTo(new ServerConfig(7, Optional.of("rack-a"), List.of(Path.of("/d1"), Path.of("/d2"))));
        assertThat(config.network()).isEqualTo(new NetworkConfig(
                List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 0), new Endpoint("INTERNAL", "::1", 9093)),
                Map.of("PLAINTEXT", new Endpoint("PLAINTEXT", "broker.example", 19092)),
                1000, -1, 65536, 5000, 2));
    }

    @Test
    void unknownKeyStopsWithANearMissSuggestion() {
        assertThatThrownBy(() -> load(Map.of("num.partition", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown configuration 'num.partition'")
                .hasMessageContaining("Did you mean 'num.partitions'?");
    }

    @Test
    void unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        assertThatThrownBy(() -> load(Map.of("frobnicate.widgets", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown configuration 'frobnicate.widgets' (from the given properties).");
    }

    @Test
    void invalidValuesNameTheKeyAndTheRule() {
        assertThatThrownBy(() -> load(Map.of("socket.request.max.bytes", "lots")))
                .hasMessage("Invalid value 'lots' for configuration 'socket.request.max.bytes': not a whole number.");
        assertThatThrownBy(() -> load(Map.of("num.network.threads", "0")))
                .hasMessage("Invalid value '0' for configuration 'num.network.threads': must be at least 1.");
        assertThatThrownBy(() -> load(Map.of("auto.create.topics.enable", "yes")))
                .hasMessage("Invalid value 'yes' for configuration 'auto.create.topics.enable': expected true or false.");
        assertThatThrownBy(() -> load(Map.of("log.cleanup.policy", "delete,shred")))
                .hasMessageContaining("'log.cleanup.policy': valid choices: delete, compact");
        assertThatThrownBy(() -> load(Map.of("listeners", "localhost:9092")))
                .hasMessageContaining("'listeners': expected NAME://host:port");
        assertThatThrownBy(() -> load(Map.of("listeners", "PLAINTEXT://:70000")))
                .hasMessageContaining("port must be between 0 and 65535");
    }

    @Test
    void listenersNeedAServedSecurityProtocol() {
        assertThatThrownBy(() -> load(Map.of("listeners", "SSL://localhost:9093")))
                .hasMessageContaining("Listener SSL uses security protocol SSL, which Samsa does not serve yet");
        assertThatThrownBy(() -> load(Map.of("listeners", "CLIENT://localhost:9093")))
                .hasMessageContaining("Listener CLIENT in 'listeners' has no security protocol");
        assertThatThrownBy(() -> load(Map.of("listeners", "PLAINTEXT://a:1,PLAINTEXT://b:2")))
                .hasMessageContaining("appears more than once");
        assertThatThrownBy(() -> load(Map.of("advertised.listeners", "PLAINTEXT://0.0.0.0:9092")))
                .hasMessageContaining("wildcard host");
        assertThatThrownBy(() -> load(Map.of("advertised.listeners", "OTHER://h:1")))
                .hasMessageContaining("listener OTHER is not in 'listeners'");
    }

    @Test
    void aKafkaKraftFileLoadsWithoutBindingTheControllerListener(@TempDir Path dir) throws IOException {
        // Given the shape of Kafka 4's own config/server.properties
        Path file = dir.resolve("server.properties");
        Files.writeString(file, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=localhost:9093
                listeners=PLAINTEXT://:9092,CONTROLLER://:9093
                inter.broker.listener.name=PLAINTEXT
                advertised.listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
                num.network.threads=3
                num.io.threads=8
                socket.send.buffer.bytes=102400
                socket.receive.buffer.bytes=102400
                socket.request.max.bytes=104857600
                log.dirs=/tmp/kraft-combined-logs
                num.partitions=1
                num.recovery.threads.per.data.dir=1
                offsets.topic.replication.factor=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                log.retention.hours=168
                log.segment.bytes=1073741824
                log.retention.check.interval.ms=300000
                """);
        // When
        BrokerConfig config = BrokerConfig.from(definition, loader.load(Optional.of(file), List.of()));
        // Then
        assertThat(config.network().listeners()).containsExactly(new Endpoint("PLAINTEXT", "", 9092));
        assertThat(config.network().advertised()).containsOnlyKeys("PLAINTEXT");
        assertThat(config.acceptedWithoutEffect()).contains("process.roles", "num.io.threads")
                .doesNotContain("log.retention.hours", "num.partitions", "log.segment.bytes");
    }

    @Test
    void overridesWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "node.id=3\nconnections.max.idle.ms=1000\n");
        BrokerConfig config = BrokerConfig.from(definition,
                loader.load(Optional.of(file), List.of("node.id=4", "log.dirs=" + dir)));
        assertThat(config.server().nodeId()).isEqualTo(4);
        assertThat(config.network().connectionsMaxIdleMs()).isEqualTo(1000);
        assertThat(config.server().logDirs()).containsExactly(dir);
    }

    @Test
    void badOverridesAndMissingFilesAreNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(Optional.empty(), List.of("no-equals-sign")))
                .hasMessage("Invalid override 'no-equals-sign': expected key=value");
        assertThatThrownBy(() -> loader.load(Optional.empty(), List.of("node.idd=2")))
                .hasMessage("Unknown configuration 'node.idd' (from --override). Did you mean 'node.id'?");
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> loader.load(Optional.of(missing), List.of()))
                .hasMessage("Configuration file " + missing + " does not exist.");
    }
}
