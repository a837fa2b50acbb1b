package io.kanal.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void parsesEverySpecForm() {
        assertThat(Versions.parse("3-12", Versions.NONE)).isEqualTo(new Versions((short) 3, (short) 12));
        assertThat(Versions.parse("9+", Versions.NONE)).isEqualTo(new Versions((short) 9, Short.MAX_VALUE));
        assertThat(Versions.parse("0", Versions.NONE)).isEqualTo(new Versions((short) 0, (short) 0));
        assertThat(Versions.parse("none", Versions.ALL).isEmpty()).isTrue();
        assertThat(Versions.parse(null, Versions.ALL)).isEqualTo(Versions.ALL);
    }

    @Test
    void conditionIsSimplifiedAgainstThePossibleVersions() {
        Versions possible = Versions.parse("3-12", Versions.NONE);
        assertThat(Versions.parse("0+", null).condition("v", possible)).isEqualTo("true");
        assertThat(Versions.parse("13+", null).condition("v", possible)).isEqualTo("false");
        assertThat(Versions.parse("9+", null).condition("v", possible)).isEqualTo("v >= 9");
        assertThat(Versions.parse("0-5", null).condition("v", possible)).isEqualTo("v <= 5");
        assertThat(Versions.parse("5-7", null).condition("v", possible)).isEqualTo("(v >= 5 && v <= 7)");
        assertThat(Versions.parse("5", null).condition("v", possible)).isEqualTo("v == 5");
    }

    @Test
    void printsAsTheSpecWritesIt() {
        assertThat(Versions.parse("9+", null)).hasToString("9+");
        assertThat(Versions.parse("3-12", null)).hasToString("3-12");
        assertThat(Versions.NONE).hasToString("none");
    }
}
