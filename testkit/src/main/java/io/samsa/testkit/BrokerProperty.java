package io.samsa.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A broker setting for the in-process broker of a test class, e.g. {@code @BrokerProperty(key = "node.id", value = "5")}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(BrokerProperties.class)
public @interface BrokerProperty {
    String key();

    String value();
}
