package io.kanal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    @Test
    void rendersAMarkdownTableSortedByImportanceThenName() {
        String table = ConfigDocs.markdownTable(ProducerLikeSpec.SPEC);

        assertThat(table).isEqualTo("""
                | Name | Type | Default | Valid values | Importance | Description |
                |---|---|---|---|---|---|
                | `acks` | string | `all` | one of ['all', '-1', '0', '1'] (case-insensitive) | high | How many replicas must acknowledge a write. |
                | `bootstrap.servers` | list | *required* | non-empty list | high | Brokers to contact first. |
                | `ssl.key.password` | password | *none* | must not be empty | high | Password of the private key. |
                | `batch.size` | int | `16384` | at least 0 | medium | Largest batch, in bytes. |
                | `linger.ms` | duration | `5` | at least 0 ms | medium | How long to wait for more records before sending a batch. |
                | `security.protocol` | string | `PLAINTEXT` | one of ['PLAINTEXT', 'SSL', 'SASL_SSL'] (case-insensitive) | medium | How to talk to brokers. |
                | `enable.idempotence` | boolean | `true` | | low | Write each record exactly once per partition. |
                | `partitioner.class` | class | *none* | | low | Chooses partitions. |
                """);
    }

    @Test
    void pipesAndNewlinesCannotBreakTheTable() {
        ConfigKey<String> tricky = ConfigKey.builder("tricky", ConfigType.STRING)
                .defaultValue("a|b")
                .documentation("First line.\nSecond | line.")
                .build();

        String table =
                ConfigDocs.markdownTable(ConfigSpec.builder().define(tricky).build());

        assertThat(table.lines()).hasSize(3);
        assertThat(table).contains("| `a\\|b` |").contains("| First line. Second \\| line. |");
    }

    @Test
    void anEmptyDefaultIsVisible() {
        ConfigKey<String> empty =
                ConfigKey.builder("prefix", ConfigType.STRING).defaultValue("").build();

        assertThat(ConfigDocs.markdownTable(ConfigSpec.builder().define(empty).build()))
                .contains("| `prefix` | string | \"\" |");
    }
}
