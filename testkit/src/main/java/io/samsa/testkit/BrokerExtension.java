package io.samsa.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one in-process broker per test class (settings from {@link BrokerProperty}) and injects
 * it as a {@link TestBroker} parameter into constructors, lifecycle and test methods.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrokerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestBroker broker = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), TestBroker.class);
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker(context);
    }

    private static TestBroker broker(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(testClass, key -> TestBroker.start(properties(testClass)), TestBroker.class);
    }

    private static Map<String, String> properties(Class<?> testClass) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (BrokerProperty property : testClass.getAnnotationsByType(BrokerProperty.class)) {
            properties.put(property.key(), property.value());
        }
        return properties;
    }
}
