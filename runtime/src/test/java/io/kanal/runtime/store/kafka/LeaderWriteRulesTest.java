package io.kanal.runtime.store.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.runtime.herder.ConnectorTaskId;
import io.kanal.runtime.herder.TargetState;
import io.kanal.runtime.store.kafka.LeaderWriteRules.Decision;
import io.kanal.runtime.task.ExactlyOnceMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderWriteRulesTest {

    @Test
    void theTransactionalIdIsConnectsConnectClusterPlusTheGroup() {
        assertThat(LeaderWriteRules.transactionalId("connect-cluster")).isEqualTo("connect-cluster-connect-cluster");
        assertThat(LeaderWriteRules.transactionalId("g1")).isEqualTo("connect-cluster-g1");
    }

    @Test
    void targetStatesAndLoggerLevelsAreAnyWorkersEverythingElseTheLeaders() {
        assertThat(LeaderWriteRules.privileged(new ConfigRecord.TargetStateChange("c", TargetState.PAUSED)))
                .isFalse();
        assertThat(LeaderWriteRules.privileged(new ConfigRecord.LoggerLevel("io.kanal", "DEBUG")))
                .isFalse();
        List<ConfigRecord> leaders = List.of(
                new ConfigRecord.ConnectorConfig("c", Map.of()),
                new ConfigRecord.ConnectorRemoved("c"),
                new ConfigRecord.TargetStateRemoved("c"),
                new ConfigRecord.TaskConfig(new ConnectorTaskId("c", 0), Map.of()),
                new ConfigRecord.TaskCommit("c", 1),
                new ConfigRecord.RestartRequest("c", true, false),
                new ConfigRecord.TaskCount("c", 2),
                new ConfigRecord.SessionKey(new byte[32], "HmacSHA256", 1L));
        assertThat(leaders).allMatch(LeaderWriteRules::privileged);
    }

    @Test
    void aWriteIsTheLeadersWhenAnyOfItsRecordsIs() {
        // a new paused connector: its target state goes in the same transaction as its config, as in Connect
        assertThat(LeaderWriteRules.privileged(List.of(
                        new ConfigRecord.TargetStateChange("c", TargetState.PAUSED),
                        new ConfigRecord.ConnectorConfig("c", Map.of()))))
                .isTrue();
        assertThat(LeaderWriteRules.privileged(List.of(new ConfigRecord.TargetStateChange("c", TargetState.RUNNING))))
                .isFalse();
    }

    @Test
    void withoutATransactionalLeaderEveryWriteIsPlain() {
        for (boolean privileged : new boolean[] {true, false}) {
            for (boolean leader : new boolean[] {true, false}) {
                assertThat(LeaderWriteRules.decide(false, privileged, false, leader))
                        .isEqualTo(Decision.PLAIN);
            }
        }
    }

    @Test
    void withATransactionalLeaderOnlyTheLeaderMakesTheLeadersWrites() {
        assertThat(LeaderWriteRules.decide(true, true, true, true)).isEqualTo(Decision.TRANSACTIONAL);
        assertThat(LeaderWriteRules.decide(true, true, false, true)).isEqualTo(Decision.CLAIM_THEN_TRANSACTIONAL);
        // a follower, or a leader that was fenced and gave leadership up until the next generation
        assertThat(LeaderWriteRules.decide(true, true, false, false)).isEqualTo(Decision.REFUSE);
        assertThat(LeaderWriteRules.decide(true, true, true, false)).isEqualTo(Decision.REFUSE);
        // pause and resume from any worker
        assertThat(LeaderWriteRules.decide(true, false, false, false)).isEqualTo(Decision.PLAIN);
        assertThat(LeaderWriteRules.decide(true, false, true, true)).isEqualTo(Decision.PLAIN);
    }

    @Test
    void preparingAndEnabledHaveATransactionalLeaderOnlyEnabledHasTransactionalTasks() {
        assertThat(ExactlyOnceMode.DISABLED.transactionalLeader()).isFalse();
        assertThat(ExactlyOnceMode.PREPARING.transactionalLeader()).isTrue();
        assertThat(ExactlyOnceMode.ENABLED.transactionalLeader()).isTrue();
        assertThat(ExactlyOnceMode.PREPARING.transactionalTasks()).isFalse();
        assertThat(ExactlyOnceMode.ENABLED.transactionalTasks()).isTrue();
    }
}
