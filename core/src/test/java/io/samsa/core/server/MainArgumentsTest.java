package io.samsa.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainArgumentsTest {
    @Test
    void configFileAndOverridesInAnyOrder() {
        Main.Arguments arguments = Main.Arguments.parse(
                new String[] {"--override", "node.id=2", "config/server.properties", "--override=log.dirs=/tmp/x"});
        assertThat(arguments.configFile()).contains(Path.of("config/server.properties"));
        assertThat(arguments.overrides()).containsExactly("node.id=2", "log.dirs=/tmp/x");
    }

    @Test
    void noArgumentsMeansDefaults() {
        Main.Arguments arguments = Main.Arguments.parse(new String[0]);
        assertThat(arguments.configFile()).isEmpty();
        assertThat(arguments.overrides()).isEmpty();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--override"})).hasMessageContaining("--override needs key=value");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--verbose"})).hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"a.properties", "b.properties"}))
                .hasMessageContaining("only one configuration file");
    }
}
