package io.samsa.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final Versions KNOWN = Versions.parse("0-13");

    @Test
    void testsOnlyTheBoundsThatCanVary() {
        // Given / When / Then
        assertThat(Condition.in(Versions.parse("0+"), KNOWN).isTrue()).isTrue();
        assertThat(Condition.in(Versions.parse("14+"), KNOWN).isFalse()).isTrue();
        assertThat(Condition.in(Versions.parse("9+"), KNOWN).expression()).isEqualTo("version >= 9");
        assertThat(Condition.in(Versions.parse("0-7"), KNOWN).expression()).isEqualTo("version <= 7");
        assertThat(Condition.in(Versions.parse("8-10"), KNOWN).expression()).isEqualTo("version >= 8 && version <= 10");
        assertThat(Condition.in(Versions.parse("4"), KNOWN).expression()).isEqualTo("version == 4");
        assertThat(Condition.in(Versions.parse("9+"), Versions.parse("9-13")).isTrue()).isTrue();
    }

    @Test
    void negatesWithoutWrapping() {
        // Given
        Condition range = Condition.in(Versions.parse("8-10"), KNOWN);

        // When
        Condition negated = range.not();

        // Then
        assertThat(negated.expression()).isEqualTo("version < 8 || version > 10");
        assertThat(negated.not()).isEqualTo(range);
        assertThat(new Condition("x").not().expression()).isEqualTo("!(x)");
    }

    @Test
    void combinesAndFoldsConstants() {
        // Given
        Condition low = Condition.in(Versions.parse("3+"), KNOWN);
        Condition test = new Condition("a == null || a.isEmpty()");

        // When / Then
        assertThat(low.and(Condition.TRUE)).isEqualTo(low);
        assertThat(low.and(Condition.FALSE).isFalse()).isTrue();
        assertThat(low.or(Condition.TRUE).isTrue()).isTrue();
        assertThat(low.and(test).expression()).isEqualTo("version >= 3 && (a == null || a.isEmpty())");
    }
}
