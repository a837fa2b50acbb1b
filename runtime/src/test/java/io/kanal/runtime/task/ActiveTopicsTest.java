package io.kanal.runtime.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActiveTopicsTest {

    @Test
    void recordsEachConnectorsTopicsSortedUntilReset() {
        ActiveTopics topics = new ActiveTopics(true, true);
        ActiveTopics.Recorder a = topics.recorder("a");
        a.used("t2");
        a.used("t1");
        a.used("t2");
        topics.record("b", "t3");

        assertThat(topics.topics("a")).containsExactly("t1", "t2");
        assertThat(topics.topics("b")).containsExactly("t3");
        assertThat(topics.topics("unknown")).isEmpty();

        topics.reset("a");
        assertThat(topics.topics("a")).isEmpty();
        assertThat(topics.topics("b")).containsExactly("t3");
        a.used("t9");
        assertThat(topics.topics("a")).containsExactly("t9");
    }

    @Test
    void aDeletedConnectorsStoppingTasksDoNotRecordIntoItsSuccessor() {
        ActiveTopics topics = new ActiveTopics(true, true);
        ActiveTopics.Recorder old = topics.recorder("c");
        old.used("before");
        topics.forget("c");
        assertThat(topics.topics("c")).isEmpty();

        old.used("late"); // a task of the deleted connector acknowledging on its way out
        assertThat(topics.topics("c")).isEmpty();

        ActiveTopics.Recorder successor = topics.recorder("c");
        successor.used("new");
        old.used("later");
        assertThat(topics.topics("c")).containsExactly("new");
    }

    @Test
    void recordsNothingWhenTrackingIsOff() {
        ActiveTopics off = ActiveTopics.from(Map.of(ActiveTopics.ENABLE, "false"));
        off.record("a", "t");
        assertThat(off.enabled()).isFalse();
        assertThat(off.topics("a")).isEmpty();
        assertThat(ActiveTopics.from(Map.of()).enabled()).isTrue();
        assertThat(ActiveTopics.from(Map.of()).resetAllowed()).isTrue();
        assertThat(ActiveTopics.from(Map.of(ActiveTopics.ALLOW_RESET, "FALSE")).resetAllowed())
                .isFalse();
        assertThatThrownBy(() -> ActiveTopics.from(Map.of(ActiveTopics.ENABLE, "yes")))
                .hasMessageContaining(ActiveTopics.ENABLE);
    }

    @Test
    void concurrentRecordersLoseNoTopic() throws Exception {
        ActiveTopics topics = new ActiveTopics(true, true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    topics.record("c", "topic-" + (i % 50) + "-" + thread);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(topics.topics("c")).hasSize(200);
    }
}
