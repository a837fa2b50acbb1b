package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.config.ClientConfigs;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.record.CompressionType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {
    private static ProducerSettings settings(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return ProducerSettings.from(ClientConfigs.parse(ProducerConfigs.SPEC, config, "producer"));
    }

    @Test
    void defaultsAreKafkas() {
        ProducerSettings s = settings();
        assertThat(s.acks()).isEqualTo(Acks.ALL);
        assertThat(s.idempotent()).isTrue();
        assertThat(s.lingerMs()).isEqualTo(5);
        assertThat(s.batchSize()).isEqualTo(16_384);
        assertThat(s.bufferMemory()).isEqualTo(32L * 1024 * 1024);
        assertThat(s.maxBlockMs()).isEqualTo(60_000);
        assertThat(s.deliveryTimeoutMs()).isEqualTo(120_000);
        assertThat(s.maxInFlight()).isEqualTo(5);
        assertThat(s.retries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(s.maxRequestSize()).isEqualTo(1_048_576);
        assertThat(s.compression().type()).isEqualTo(CompressionType.NONE);
    }

    @Test
    void explicitIdempotenceWithAcksOneSaysWhatToChange() {
        assertThatThrownBy(() -> settings("enable.idempotence", "true", "acks", "1"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("requires acks=all")
                .hasMessageContaining("set acks=all, or set enable.idempotence=false");
    }

    @Test
    void defaultIdempotenceGivesWayToExplicitSettingsAsInKafka() {
        assertThat(settings("acks", "1").idempotent()).isFalse();
        assertThat(settings("max.in.flight.requests.per.connection", "10").idempotent())
                .isFalse();
    }

    @Test
    void explicitIdempotenceRejectsTooManyInFlightAndNoRetries() {
        assertThatThrownBy(() -> settings("enable.idempotence", "true", "max.in.flight.requests.per.connection", "6"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("<= 5");
        assertThatThrownBy(() -> settings("enable.idempotence", "true", "retries", "0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("retries > 0");
    }

    @Test
    void deliveryTimeoutBelowLingerPlusRequestTimeoutFailsWhenExplicit() {
        assertThatThrownBy(() -> settings("delivery.timeout.ms", "1000", "request.timeout.ms", "30000"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("delivery.timeout.ms");
        assertThat(settings("linger.ms", "200000").deliveryTimeoutMs()).isEqualTo(230_000);
    }

    @Test
    void aTransactionalIdMakesTheProducerTransactionalAndNeedsIdempotence() {
        ProducerSettings s = settings("transactional.id", "tx", "transaction.timeout.ms", "30000");
        assertThat(s.transactional()).isTrue();
        assertThat(s.transactionalId()).isEqualTo("tx");
        assertThat(s.transactionTimeoutMs()).isEqualTo(30_000);
        assertThat(s.idempotent()).isTrue();
        assertThat(settings().transactional()).isFalse();
        assertThat(settings().transactionTimeoutMs()).isEqualTo(60_000);
        assertThatThrownBy(() -> settings("transactional.id", "tx", "enable.idempotence", "false"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("transactional.id requires enable.idempotence=true");
        // Idempotence is only a default, but a transactional producer needs it: a conflict is an error, not silent.
        assertThatThrownBy(() -> settings("transactional.id", "tx", "acks", "1"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("acks=all")
                .hasMessageContaining("transactional.id");
        // An empty id (an unresolved placeholder, say) must not quietly turn exactly-once off.
        assertThatThrownBy(() -> settings("transactional.id", " "))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("transactional.id is empty");
    }

    @Test
    void acksZeroTurnsDefaultIdempotenceOffAndConflictsWithExplicitIdempotence() {
        ProducerSettings s = settings("acks", "0");
        assertThat(s.acks()).isEqualTo(Acks.NONE);
        assertThat(s.idempotent()).isFalse();
        assertThatThrownBy(() -> settings("acks", "0", "enable.idempotence", "true"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("requires acks=all");
        assertThatThrownBy(() -> settings("acks", "2"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Invalid value '2' for configuration 'acks'");
    }

    @Test
    void compressionLevelsAreCheckedPerCodec() {
        assertThat(settings("compression.type", "zstd", "compression.zstd.level", "7")
                        .compression()
                        .level())
                .isEqualTo(7);
        assertThatThrownBy(() -> settings("compression.type", "lz4", "compression.lz4.level", "42"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("compression.lz4.level");
        assertThatThrownBy(() -> settings("compression.type", "brotli")).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void bufferMemoryMustHoldABatch() {
        assertThatThrownBy(() -> settings("buffer.memory", "1000", "batch.size", "16384"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("buffer.memory");
    }
}
