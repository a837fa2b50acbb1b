package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file named by Connect's JAAS entry, whatever comments, escapes and braces surround it. */
class JaasFileTest {

    private static final String MODULE = "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";

    @TempDir
    Path dir;

    private static String fileOf(String text) {
        return JaasFile.option(text, "KafkaConnect", "file", "test.jaas").orElse(null);
    }

    @Test
    void commentsAreSkipped() {
        String text = String.join(
                "\n",
                "// KafkaConnect { " + MODULE + " required file=\"/wrong/commented.properties\"; };",
                "/* KafkaConnect { x required file=\"/wrong/block.properties\"; }; */",
                "KafkaConnect {",
                "  // file=\"/wrong/inside.properties\"",
                "  " + MODULE + " required /* a } brace */ file=\"/etc/kafka/users.properties\";",
                "};");
        assertThat(fileOf(text)).isEqualTo("/etc/kafka/users.properties");
    }

    @Test
    void escapedQuotesAndBracesInsideValuesDoNotEndTheValueOrEntry() {
        String text = String.join(
                "\n",
                "KafkaClient { org.example.Plain required password=\"p}a\\\"s;s\"; };",
                "KafkaConnect { " + MODULE + " required debug=\"}\" file=\"/etc/kafka/we\\\"ird}.properties\"; };");
        assertThat(fileOf(text)).isEqualTo("/etc/kafka/we\"ird}.properties");
    }

    @Test
    void anEntryWithoutTheOptionOrNoSuchEntryIsEmpty() {
        assertThat(fileOf("KafkaConnect { " + MODULE + " required; };")).isNull();
        assertThat(fileOf("KafkaServer { x required file=\"/a\"; };")).isNull();
        assertThat(fileOf("KafkaConnect { a required; b optional file=/bare/word.properties; };"))
                .isEqualTo("/bare/word.properties");
    }

    @Test
    void malformedTextIsRefusedNamingTheLineNotTheText() {
        assertThatThrownBy(() -> fileOf("KafkaClient { x required password=\"hunter2; };"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.jaas")
                .hasMessageContaining("line 1")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> fileOf("KafkaConnect { x required file=\"/a\";\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> fileOf("KafkaClient { x required password hunter2; };"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theSettingsFindTheUsersFileThroughTheJaasFile() throws Exception {
        Path jaas = Files.writeString(
                dir.resolve("connect.jaas"),
                "// KafkaConnect { x required file=\"/nope\"; };\nKafkaConnect { " + MODULE
                        + " required file=\"/etc/kafka/users.properties\"; };\n");
        assertThat(RestAuthSettings.jaasUsersFile(jaas.toString())).hasValue(Path.of("/etc/kafka/users.properties"));
    }
}
