package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private enum Acks {
        NONE,
        LEADER,
        ALL
    }

    @Test
    void atLeastAcceptsTheBoundAndRejectsBelow() {
        Validator<Integer> atLeastZero = Validators.atLeast(0);
        assertThat(atLeastZero.violation(0)).isEmpty();
        assertThat(atLeastZero.violation(Integer.MAX_VALUE)).isEmpty();
        assertThat(atLeastZero.violation(-1)).contains("must be at least 0");
        assertThat(atLeastZero.describe()).isEqualTo("at least 0");
    }

    @Test
    void atMostAcceptsTheBoundAndRejectsAbove() {
        Validator<Long> atMostTen = Validators.atMost(10L);
        assertThat(atMostTen.violation(10L)).isEmpty();
        assertThat(atMostTen.violation(11L)).contains("must be at most 10");
    }

    @Test
    void betweenIsInclusiveAtBothEnds() {
        Validator<Short> range = Validators.between((short) 1, (short) 3);
        assertThat(range.violation((short) 1)).isEmpty();
        assertThat(range.violation((short) 3)).isEmpty();
        assertThat(range.violation((short) 0)).contains("must be between 1 and 3 inclusive");
        assertThat(range.violation((short) 4)).contains("must be between 1 and 3 inclusive");
    }

    @Test
    void betweenRefusesAnEmptyRange() {
        assertThatThrownBy(() -> Validators.between(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangesWorkOnDoublesAndDurations() {
        assertThat(Validators.between(0.0, 1.0).violation(1.5)).contains("must be between 0.0 and 1.0 inclusive");
        Validator<Duration> positive = Validators.atLeast(Duration.ofMillis(1));
        assertThat(positive.violation(Duration.ZERO)).contains("must be at least 1 ms");
        assertThat(positive.violation(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void nonEmptyStringRejectsBlank() {
        Validator<String> nonEmpty = Validators.nonEmptyString();
        assertThat(nonEmpty.violation("x")).isEmpty();
        assertThat(nonEmpty.violation("")).contains("must not be empty");
        assertThat(nonEmpty.violation("  ")).contains("must not be empty");
        assertThat(nonEmpty.describe()).isEqualTo("non-empty string");
    }

    @Test
    void nonEmptyListRejectsEmpty() {
        assertThat(Validators.nonEmptyList().violation(List.of())).contains("must not be empty");
        assertThat(Validators.nonEmptyList().violation(List.of("a"))).isEmpty();
    }

    @Test
    void oneOfIsCaseSensitiveAndRecommendsItsOptions() {
        Validator<String> acks = Validators.oneOf("all", "-1", "0", "1");
        assertThat(acks.violation("all")).isEmpty();
        assertThat(acks.violation("ALL")).contains("must be one of ['all', '-1', '0', '1']");
        assertThat(acks.recommendedValues()).containsExactly("all", "-1", "0", "1");
    }

    @Test
    void oneOfIgnoringCaseAcceptsAnyCase() {
        Validator<String> protocol = Validators.oneOfIgnoringCase("PLAINTEXT", "SSL");
        assertThat(protocol.violation("ssl")).isEmpty();
        assertThat(protocol.violation("Plaintext")).isEmpty();
        assertThat(protocol.violation("tls")).contains("must be one of ['PLAINTEXT', 'SSL'] (case-insensitive)");
    }

    @Test
    void oneOfNeedsOptions() {
        assertThatThrownBy(Validators::oneOf).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enumNameAcceptsConstantsInAnyCase() {
        Validator<String> acks = Validators.enumName(Acks.class);
        assertThat(acks.violation("leader")).isEmpty();
        assertThat(acks.violation("ALL")).isEmpty();
        assertThat(acks.violation("some")).contains("must be one of ['none', 'leader', 'all'] (case-insensitive)");
    }

    @Test
    void eachElementNamesTheFirstBadElement() {
        Validator<List<String>> hosts =
                Validators.eachElement(Validators.satisfies((String host) -> host.contains(":"), "must be host:port"));
        assertThat(hosts.violation(List.of("a:1", "b:2"))).isEmpty();
        assertThat(hosts.violation(List.of("a:1", "b", "c"))).contains("element 'b' must be host:port");
        assertThat(hosts.describe()).isEqualTo("each element host:port");
    }

    @Test
    void eachElementPassesOnRecommendations() {
        Validator<List<String>> codecs = Validators.eachElement(Validators.oneOf("gzip", "zstd"));
        assertThat(codecs.recommendedValues()).containsExactly("gzip", "zstd");
        assertThat(codecs.violation(List.of("gzip", "lzma")))
                .contains("element 'lzma' must be one of ['gzip', 'zstd']");
    }

    @Test
    void customLambdaValidator() {
        Validator<Integer> powerOfTwo =
                Validators.satisfies(value -> Integer.bitCount(value) == 1, "must be a power of two");
        assertThat(powerOfTwo.violation(64)).isEmpty();
        assertThat(powerOfTwo.violation(48)).contains("must be a power of two");
        assertThat(powerOfTwo.describe()).isEqualTo("a power of two");
    }

    @Test
    void anAnonymousValidatorOnlyNeedsTheCheck() {
        Validator<String> lowerCase = value -> value.equals(value.toLowerCase(java.util.Locale.ROOT))
                ? java.util.Optional.empty()
                : java.util.Optional.of("must be lower case");
        assertThat(lowerCase.violation("Abc")).contains("must be lower case");
        assertThat(lowerCase.describe()).isEmpty();
        assertThat(lowerCase.recommendedValues()).isEmpty();
    }

    @Test
    void anyAcceptsEverything() {
        assertThat(Validators.<Object>any().violation("whatever")).isEmpty();
    }

    @Test
    void composedValidatorReportsTheFirstBrokenRule() {
        Validator<Integer> composed = Validators.atLeast(1).and(Validators.atMost(100));
        assertThat(composed.violation(50)).isEmpty();
        assertThat(composed.violation(0)).contains("must be at least 1");
        assertThat(composed.violation(101)).contains("must be at most 100");
        assertThat(composed.describe()).isEqualTo("at least 1 and at most 100");
    }

    @Test
    void composedValidatorMergesRecommendationsWithoutDuplicates() {
        Validator<String> composed =
                Validators.oneOf("a", "b").and(Validators.oneOf("b", "c")).and(Validators.nonEmptyString());
        assertThat(composed.recommendedValues()).containsExactly("a", "b", "c");
        assertThat(composed.violation("a")).contains("must be one of ['b', 'c']");
    }

    @Test
    void composingWithAWiderValidatorCompiles() {
        Validator<Object> notNullText =
                Validators.satisfies(value -> !value.toString().isEmpty(), "must print");
        Validator<String> composed = Validators.nonEmptyString().and(notNullText);
        assertThat(composed.violation("x")).isEmpty();
    }
}
