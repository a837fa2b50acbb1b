package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.client.admin.NewTopic;
import io.kanal.config.ConfigValidationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCreationTest {

    private static Map<String, String> connector() {
        Map<String, String> c = new HashMap<>();
        c.put("topic.creation.default.replication.factor", "3");
        c.put("topic.creation.default.partitions", "6");
        c.put("topic.creation.default.compression.type", "lz4");
        c.put("topic.creation.groups", "compacted, logs");
        c.put("topic.creation.compacted.include", "users.*, accounts");
        c.put("topic.creation.compacted.exclude", "users-tmp");
        c.put("topic.creation.compacted.cleanup.policy", "compact");
        c.put("topic.creation.compacted.partitions", "2");
        c.put("topic.creation.logs.include", ".*-log");
        c.put("topic.creation.logs.replication.factor", "-1");
        return c;
    }

    @Test
    void theFirstMatchingGroupWinsAndUnsetCountsComeFromTheDefaultGroup() {
        TopicCreation creation = TopicCreation.from(Map.of(), connector()).orElseThrow();
        assertThat(creation.newTopic("users-eu"))
                .isEqualTo(new NewTopic("users-eu", 2, (short) 3, Map.of("cleanup.policy", "compact")));
        assertThat(creation.newTopic("accounts").numPartitions()).isEqualTo(2);
        assertThat(creation.newTopic("users-tmp"))
                .isEqualTo(new NewTopic("users-tmp", 6, (short) 3, Map.of("compression.type", "lz4")));
        assertThat(creation.newTopic("app-log")).isEqualTo(new NewTopic("app-log", 6, (short) -1, Map.of()));
        assertThat(creation.groups())
                .extracting(TopicCreation.Group::name)
                .containsExactly("compacted", "logs", "default");
    }

    @Test
    void offWithoutTheDefaultGroupOrWhenTheWorkerDisablesIt() {
        assertThat(TopicCreation.from(Map.of(), Map.of("topic.creation.groups", "x")))
                .isEmpty();
        assertThat(TopicCreation.from(Map.of("topic.creation.enable", "false"), connector()))
                .isEmpty();
    }

    @Test
    void mistakesNameTheirKeys() {
        Map<String, String> bad = connector();
        bad.remove("topic.creation.default.partitions");
        bad.put("topic.creation.logs.replication.factor", "0");
        bad.put("topic.creation.compacted.include", "([");
        assertThatThrownBy(() -> TopicCreation.from(Map.of(), bad))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key())
                        .containsExactlyInAnyOrder(
                                "topic.creation.default.partitions",
                                "topic.creation.logs.replication.factor",
                                "topic.creation.compacted.include"));
    }
}
