package io.kanal.runtime.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PluginVersionTest {

    @Test
    void ordersAsMavenDoesForTheUsualShapes() {
        List<String> ascending = List.of(
                "undefined",
                "0.9",
                "1.0-alpha1",
                "1.0-beta-2",
                "1.0-M1",
                "1.0-rc1",
                "1.0-rc2",
                "1.0-SNAPSHOT",
                "1.0",
                "1.0-sp1",
                "1.0.1",
                "1.2",
                "1.10",
                "2.0.0-rc1",
                "2",
                "10.0");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            PluginVersion lower = PluginVersion.of(ascending.get(i));
            PluginVersion higher = PluginVersion.of(ascending.get(i + 1));
            assertThat(lower).as(lower + " < " + higher).isLessThan(higher);
            assertThat(higher).as(higher + " > " + lower).isGreaterThan(lower);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0,1", "1.0.0,1", "1-ga,1.0", "1.0-final,1", "01.2,1.2", "1.0.0-RELEASE,1", "2.0-SNAPSHOT,2-snapshot"
    })
    void equalVersionsAreEqualWithEqualHashes(String a, String b) {
        assertThat(PluginVersion.of(a)).isEqualTo(PluginVersion.of(b)).hasSameHashCodeAs(PluginVersion.of(b));
        assertThat(PluginVersion.of(a)).hasToString(a);
    }

    @Test
    void noVersionIsUndefined() {
        assertThat(PluginVersion.of(null).isUndefined()).isTrue();
        assertThat(PluginVersion.of(" ")).hasToString(PluginVersion.UNDEFINED);
        assertThat(PluginVersion.of("1.0").isUndefined()).isFalse();
    }

    @Property(tries = 200)
    void orderIsAntisymmetricAndConsistentWithEquals(
            @ForAll @Size(max = 4) List<@IntRange(max = 12) Integer> a,
            @ForAll @Size(max = 4) List<@IntRange(max = 12) Integer> b,
            @ForAll @IntRange(max = 6) int qualifierA,
            @ForAll @IntRange(max = 6) int qualifierB) {
        PluginVersion x = PluginVersion.of(render(a, qualifierA));
        PluginVersion y = PluginVersion.of(render(b, qualifierB));
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
        assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
        if (x.equals(y)) {
            assertThat(x.hashCode()).isEqualTo(y.hashCode());
        }
    }

    private static String render(List<Integer> numbers, int qualifier) {
        String[] qualifiers = {"", "-alpha", "-beta", "-rc1", "-SNAPSHOT", "-sp", "-foo"};
        String base = numbers.isEmpty()
                ? "1"
                : String.join(".", numbers.stream().map(String::valueOf).toList());
        return base + qualifiers[qualifier];
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "1.2.0; 1.2; true",
                "1.2.0; 1.2.1; false",
                "[1.0,2.0); 1.5; true",
                "[1.0,2.0); 2.0; false",
                "[1.0,2.0); 1.0; true",
                "(1.0,2.0]; 1.0; false",
                "(1.0,2.0]; 2.0; true",
                "(,1.0]; 0.1; true",
                "(,1.0]; 1.0.1; false",
                "[1.5,); 99; true",
                "[1.5,); 1.4; false",
                "[1.0]; 1.0.0; true",
                "(,1.0],[1.2,); 1.1; false",
                "(,1.0],[1.2,); 1.3; true",
                "(,1.1),(1.1,); 1.1; false",
                "[,2.0); 1.0; true",
                "latest; 0.1; true"
            })
    void rangesAcceptWhatMavenAccepts(String spec, String version, boolean accepted) {
        assertThat(PluginVersionRange.parse(spec).matches(PluginVersion.of(version)))
                .isEqualTo(accepted);
    }

    @Test
    void nothingOrLatestIsAnyVersion() {
        assertThat(PluginVersionRange.parse(null).isAny()).isTrue();
        assertThat(PluginVersionRange.parse("  ").isAny()).isTrue();
        assertThat(PluginVersionRange.parse("latest")).isEqualTo(PluginVersionRange.ANY);
        assertThat(PluginVersionRange.parse("1.0").isAny()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1.0", "1.0]", "(1.0)", "[2.0,1.0]", "[1.0,2.0],", "[1.0,2.0]x", "[1,2,3]", "[]", "1,2"})
    void malformedRangesAreRefusedWithTheText(String spec) {
        assertThatThrownBy(() -> PluginVersionRange.parse(spec))
                .isInstanceOfSatisfying(InvalidPluginVersionException.class, e -> assertThat(e.spec())
                        .isEqualTo(spec))
                .hasMessageContaining(spec);
    }
}
