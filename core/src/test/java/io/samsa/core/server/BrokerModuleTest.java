package io.samsa.core.server;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.inject.Guice;
import com.google.inject.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerModuleTest {
    @Test
    void everyBindingOfTheBrokerResolves() {
        // Stage.TOOL checks the whole object graph (explicit bindings, @Inject constructors) without starting anything
        assertThatCode(() -> Guice.createInjector(Stage.TOOL, new BrokerModule(Brokers.config(Map.of()))))
                .doesNotThrowAnyException();
    }
}
