package io.kanal.client.network.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.errors.InvalidConfigException;
import org.junit.jupiter.api.Test;

class JaasConfigTest {

    @Test
    void parsesTheLineKafkaUsersWrite() {
        JaasConfig jaas =
                JaasConfig.parse("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\""
                        + " password=\"s3cr=t;\";");
        assertThat(jaas.loginModule()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(jaas.moduleSimpleName()).isEqualTo("PlainLoginModule");
        assertThat(jaas.flag()).isEqualTo("required");
        assertThat(jaas.options())
                .containsExactly(java.util.Map.entry("username", "alice"), java.util.Map.entry("password", "s3cr=t;"));
    }

    @Test
    void readsEscapesBareWordsCommentsAndLineBreaks() {
        JaasConfig jaas = JaasConfig.parse("  org.apache.kafka.common.security.scram.ScramLoginModule\n"
                + "  REQUIRED /* the flag is case-insensitive */\n"
                + "  username = bob   // a bare word\n"
                + "  password=\"a \\\"quoted\\\" \\\\ back\\tslash\"\n"
                + "  tokenauth=true ;  ");
        assertThat(jaas.flag()).isEqualTo("required");
        assertThat(jaas.options())
                .containsEntry("username", "bob")
                .containsEntry("password", "a \"quoted\" \\ back\tslash")
                .containsEntry("tokenauth", "true");
    }

    @Test
    void acceptsAnEmptyOptionListAndEmptyValues() {
        assertThat(JaasConfig.parse("x.ScramLoginModule optional;").options()).isEmpty();
        assertThat(JaasConfig.parse("x.PlainLoginModule required password=\"\";")
                        .options())
                .containsEntry("password", "");
    }

    @Test
    void refusesMalformedLinesWithoutQuotingThem() {
        String secret = "hunter2-is-secret";
        String[] bad = {
            "",
            "x.PlainLoginModule required username=\"u\" password=\"" + secret + "\"",
            "x.PlainLoginModule required username=\"u\" password=\"" + secret,
            "x.PlainLoginModule mandatory password=\"" + secret + "\";",
            "x.PlainLoginModule required password " + secret + ";",
            "x.PlainLoginModule required password=\"" + secret + "\" password=\"" + secret + "\";",
            "x.PlainLoginModule required password=\"" + secret + "\"; y.Other required;",
            "x.PlainLoginModule required /* " + secret,
            "x.PlainLoginModule required password=;",
        };
        for (String line : bad) {
            assertThatThrownBy(() -> JaasConfig.parse(line))
                    .as(line)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("sasl.jaas.config ")
                    .hasMessageNotContaining(secret);
        }
    }

    @Test
    void aBlankInAnUnquotedPasswordIsReportedByPositionNotByTheFragmentReadAsAName() {
        // "ret" is read as the next option's name: it must not reach logs or REST validation answers.
        String line = "x.PlainLoginModule required username=u password=sec retfragment;";
        assertThatThrownBy(() -> JaasConfig.parse(line))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("sasl.jaas.config expects '=' after the option name starting at character "
                        + line.indexOf("retfragment"))
                .hasMessageNotContaining("retfragment")
                .hasMessageNotContaining("password");
        String twice = "x.PlainLoginModule required password=sec retfragment=1 retfragment=2;";
        assertThatThrownBy(() -> JaasConfig.parse(twice))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("sasl.jaas.config sets an option a second time at character "
                        + twice.lastIndexOf("retfragment"))
                .hasMessageNotContaining("retfragment");
        String unterminated = "x.PlainLoginModule required password=sec retfragment=\"x;";
        assertThatThrownBy(() -> JaasConfig.parse(unterminated))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageNotContaining("retfragment");
    }

    @Test
    void toStringShowsOptionNamesOnly() {
        JaasConfig jaas = JaasConfig.parse("x.PlainLoginModule required username=\"u\" password=\"hunter2\";");
        assertThat(jaas.toString()).contains("username", "password").doesNotContain("hunter2");
    }
}
