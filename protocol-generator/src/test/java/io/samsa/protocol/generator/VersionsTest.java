package io.samsa.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void parsesEveryFormTheSpecsUse() {
        // Given / When
        Versions open = Versions.parse("3+");
        Versions range = Versions.parse("1-4");
        Versions single = Versions.parse("2");
        Versions none = Versions.parse("none");

        // Then
        assertThat(open).isEqualTo(new Versions((short) 3, Short.MAX_VALUE));
        assertThat(open.isOpenEnded()).isTrue();
        assertThat(range).isEqualTo(new Versions((short) 1, (short) 4));
        assertThat(single.contains(2)).isTrue();
        assertThat(single.contains(3)).isFalse();
        assertThat(none.isEmpty()).isTrue();
        assertThat(open + " " + range + " " + single + " " + none).isEqualTo("3+ 1-4 2 none");
    }

    @Test
    void rejectsGarbage() {
        // Given
        String[] invalid = {"x", "-1", "3-x", "40000+"};

        // When / Then
        for (String text : invalid) {
            assertThatThrownBy(() -> Versions.parse(text)).as(text).isInstanceOf(SpecException.class);
        }
    }

    @Test
    void intersectsAndComplements() {
        // Given
        Versions valid = Versions.parse("0-13");

        // When
        Versions flexible = Versions.parse("9+").intersect(valid);
        Versions disjoint = Versions.parse("14+").intersect(valid);
        Versions below = Versions.parse("9+").below();

        // Then
        assertThat(flexible).isEqualTo(Versions.parse("9-13"));
        assertThat(disjoint.isEmpty()).isTrue();
        assertThat(below).isEqualTo(Versions.parse("0-8"));
        assertThat(Versions.NONE.below()).isEqualTo(Versions.ALL);
        assertThat(valid.containsAll(flexible)).isTrue();
        assertThat(flexible.containsAll(valid)).isFalse();
    }
}
