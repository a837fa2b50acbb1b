package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.InternalRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Round trips of every config record kind, Connect reading ours, and the typed errors for malformed records. */
class ConfigRecordCodecTest {

    private final ConfigRecordCodec codec = new ConfigRecordCodec();
    private final JsonConverter apache = ConfigRecordCodecGoldenTest.apacheConverter();

    @Property(tries = 500)
    void everyRecordReadsBackAsWrittenAndConnectsConverterReadsItsJson(@ForAll("records") ConfigRecord record) {
        byte[] value = codec.encodeValue(record);

        assertThat(codec.decode(record.key(), value)).isEqualTo(record);
        if (value != null) {
            // Connect's JsonConverter reads our bytes as a map; re-written, they are the same bytes
            Object theirs = apache.toConnectData("connect-configs", value).value();
            assertThat(theirs).isInstanceOf(Map.class);
            assertThat(apache.fromConnectData("connect-configs", null, theirs)).isNotNull();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "connector-c|[]|WRONG_SHAPE",
                "connector-c|{\"properties\":[]}|WRONG_SHAPE",
                "connector-c|{\"properties\":{\"a\":1}}|WRONG_SHAPE",
                "connector-c|{\"properties\":{|MALFORMED_JSON",
                // deliberate: Connect's Jackson ignores content after the value; no Connect worker writes any
                "connector-c|{\"properties\":{}} trailing|MALFORMED_JSON",
                "task-c|{\"properties\":{}}|MALFORMED_KEY",
                "task-c-x|{\"properties\":{}}|MALFORMED_KEY",
                "task-c-99999999999|{\"properties\":{}}|MALFORMED_KEY",
                "commit-c|{\"tasks\":\"1\"}|WRONG_SHAPE",
                "commit-c|{\"tasks\":-1}|WRONG_SHAPE",
                "commit-c|{}|WRONG_SHAPE",
                "target-state-c|{\"state\":1}|WRONG_SHAPE",
                "target-state-c|{\"state\":\"RUNNING\"}|WRONG_SHAPE",
                "target-state-c|{\"state\":\"PAUSED\",\"state.v2\":\"BOGUS\"}|WRONG_SHAPE",
                "tasks-fencing-c|{\"task-count\":true}|WRONG_SHAPE",
                "session-key|{\"key\":\"***\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":1}|WRONG_SHAPE",
                "session-key|{\"key\":\"AA==\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":1.5}|WRONG_SHAPE",
                "session-key|{\"key\":\"AA==\",\"creation-timestamp\":1}|WRONG_SHAPE",
                "logger-cluster-org|{\"level\":3}|WRONG_SHAPE",
                "restart-connector-c|[]|WRONG_SHAPE",
                "something-else|{}|UNKNOWN_KEY"
            })
    void malformedRecordsFailWithTheirKeyAndReason(String key, String json, Reason reason) {
        assertThatThrownBy(() -> codec.decode(key, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InternalRecordException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith("Record '" + key + "'");
                });
    }

    @Test
    void onlyConnectorAndTargetStateKeysMayBeDeleted() {
        for (String key : new String[] {
            "task-c-0", "commit-c", "restart-connector-c", "tasks-fencing-c", "session-key", "logger-cluster-x"
        }) {
            assertThatThrownBy(() -> codec.decode(key, null))
                    .as(key)
                    .isInstanceOfSatisfying(InternalRecordException.class, e -> assertThat(e.reason())
                            .isEqualTo(Reason.UNEXPECTED_TOMBSTONE));
        }
        assertThat(codec.decode("connector-c", "null".getBytes(StandardCharsets.UTF_8)))
                .as("JSON null reads as a tombstone, as in Connect")
                .isEqualTo(new ConfigRecord.ConnectorRemoved("c"));
    }

    @Test
    void aMalformedValueNeverShowsAConfigValue() {
        String secret = "hunter2-very-secret";
        assertThatThrownBy(() -> codec.decode(
                        "connector-c",
                        ("{\"properties\":{\"password\":\"" + secret + "\",\"n\":5}}")
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        InternalRecordException.class,
                        e -> assertThat(e.getMessage()).doesNotContain(secret).contains("'n'"));
        assertThat(new ConfigRecord.ConnectorConfig("c", Map.of("password", secret)).toString())
                .doesNotContain(secret);
        assertThat(new ConfigRecord.TaskConfig(new ConnectorTaskId("c", 0), Map.of("password", secret)).toString())
                .doesNotContain(secret);
    }

    @Test
    void restartFlagsThatAreNotBooleansReadAsFalseAsInConnect() {
        assertThat(codec.decode("restart-connector-c", "{\"include-tasks\":\"yes\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ConfigRecord.RestartRequest("c", false, false));
    }

    @Provide
    Arbitrary<ConfigRecord> records() {
        Arbitrary<String> names = Arbitraries.of("c", "my-conn", "a--b", "ünï", "x-1-");
        Arbitrary<Map<String, String>> props = Arbitraries.maps(
                        Arbitraries.strings().ofMaxLength(12),
                        Arbitraries.strings().ofMaxLength(30).injectNull(0.1))
                .ofMaxSize(6)
                .map(LinkedHashMap::new);
        Arbitrary<ConnectorTaskId> tasks = Combinators.combine(
                        names.filter(n -> !n.endsWith("-")),
                        Arbitraries.integers().between(0, 1000))
                .as(ConnectorTaskId::new);
        return Arbitraries.oneOf(
                Combinators.combine(names, props).as(ConfigRecord.ConnectorConfig::new),
                names.map(ConfigRecord.ConnectorRemoved::new),
                Combinators.combine(tasks, props).as(ConfigRecord.TaskConfig::new),
                Combinators.combine(names, Arbitraries.integers().between(0, 500))
                        .as(ConfigRecord.TaskCommit::new),
                Combinators.combine(names, Arbitraries.of(TargetState.class)).as(ConfigRecord.TargetStateChange::new),
                names.map(ConfigRecord.TargetStateRemoved::new),
                Combinators.combine(names, Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as(ConfigRecord.RestartRequest::new),
                Combinators.combine(names, Arbitraries.integers().between(0, 500))
                        .as(ConfigRecord.TaskCount::new),
                Combinators.combine(
                                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                                Arbitraries.of("HmacSHA256", "HmacSHA512"),
                                Arbitraries.longs().between(0, Long.MAX_VALUE))
                        .as(ConfigRecord.SessionKey::new),
                Combinators.combine(names, Arbitraries.of("DEBUG", "INFO", "TRACE"))
                        .as(ConfigRecord.LoggerLevel::new));
    }
}
