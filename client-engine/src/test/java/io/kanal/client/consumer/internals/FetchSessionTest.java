package io.kanal.client.consumer.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.Errors;
import io.kanal.client.protocol.message.FetchRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchSessionTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);
    private static final TopicPartition C = new TopicPartition("u", 0);

    private static FetchRequest.FetchPartition at(TopicPartition tp, long offset) {
        return FetchRequest.FetchPartition.builder()
                .partition(tp.partition())
                .currentLeaderEpoch(3)
                .fetchOffset(offset)
                .logStartOffset(-1)
                .partitionMaxBytes(1 << 20)
                .build();
    }

    private static Map<TopicPartition, FetchRequest.FetchPartition> wanted(Object... tpAndOffset) {
        Map<TopicPartition, FetchRequest.FetchPartition> m = new LinkedHashMap<>();
        for (int i = 0; i < tpAndOffset.length; i += 2) {
            TopicPartition tp = (TopicPartition) tpAndOffset[i];
            m.put(tp, at(tp, (Long) tpAndOffset[i + 1]));
        }
        return m;
    }

    @Test
    void theFirstRequestIsFullThenOnlyChangesAndForgottenPartitionsAreSent() {
        FetchSession session = new FetchSession();
        FetchSession.Request first = session.next(wanted(A, 0L, B, 0L, C, 0L), true);
        assertThat(first.full()).isTrue();
        assertThat(first.sessionId()).isZero();
        assertThat(first.epoch()).isEqualTo(FetchSession.INITIAL_EPOCH);
        assertThat(first.toSend()).containsOnlyKeys(A, B, C);
        session.onResponse(first, 77);

        // A moved on, B stayed, C is no longer wanted (its buffer is full, or it was revoked).
        FetchSession.Request second = session.next(wanted(A, 10L, B, 0L), true);
        assertThat(second.full()).isFalse();
        assertThat(second.sessionId()).isEqualTo(77);
        assertThat(second.epoch()).isEqualTo(1);
        assertThat(second.toSend()).containsOnlyKeys(A);
        assertThat(second.toSend().get(A).fetchOffset()).isEqualTo(10);
        assertThat(second.toForget()).containsExactly(C);
        session.onResponse(second, 77);

        // Nothing changed: an empty incremental request, which still fetches A and B from the broker's copy.
        FetchSession.Request third = session.next(wanted(A, 10L, B, 0L), true);
        assertThat(third.epoch()).isEqualTo(2);
        assertThat(third.toSend()).isEmpty();
        assertThat(third.toForget()).isEmpty();
        session.onResponse(third, 77);

        // C comes back: it is sent again, as new to the session.
        FetchSession.Request fourth = session.next(wanted(A, 10L, B, 0L, C, 5L), true);
        assertThat(fourth.epoch()).isEqualTo(3);
        assertThat(fourth.toSend()).containsOnlyKeys(C);
    }

    @Test
    void aFailedRequestMakesTheNextOneFullAndReplacesTheSession() {
        FetchSession session = new FetchSession();
        FetchSession.Request first = session.next(wanted(A, 0L, B, 0L), true);
        session.onResponse(first, 5);
        session.next(wanted(A, 3L, B, 0L), true);
        session.onError(null);

        FetchSession.Request retry = session.next(wanted(A, 3L, B, 0L), true);
        assertThat(retry.full()).isTrue();
        // Epoch 0 with the old id: the broker closes session 5 and opens a new one.
        assertThat(retry.sessionId()).isEqualTo(5);
        assertThat(retry.toSend()).containsOnlyKeys(A, B);
        session.onResponse(retry, 6);
        assertThat(session.next(wanted(A, 3L, B, 0L), true).sessionId()).isEqualTo(6);
    }

    @Test
    void anUnknownSessionStartsOverWithoutAnId() {
        FetchSession session = new FetchSession();
        session.onResponse(session.next(wanted(A, 0L), true), 9);
        session.next(wanted(A, 1L), true);
        session.onError(Errors.FETCH_SESSION_ID_NOT_FOUND);
        FetchSession.Request retry = session.next(wanted(A, 1L), true);
        assertThat(retry.full()).isTrue();
        assertThat(retry.sessionId()).isZero();
        assertThat(session.sessionId()).isZero();
    }

    @Test
    void aBrokerWithoutRoomForASessionGetsFullRequestsEveryTime() {
        FetchSession session = new FetchSession();
        FetchSession.Request first = session.next(wanted(A, 0L), true);
        session.onResponse(first, 0);
        FetchSession.Request second = session.next(wanted(A, 4L), true);
        assertThat(second.full()).isTrue();
        assertThat(second.toSend()).containsOnlyKeys(A);
    }

    @Test
    void switchingBetweenTopicNamesAndIdsStartsANewSession() {
        FetchSession session = new FetchSession();
        session.onResponse(session.next(wanted(A, 0L), false), 12);
        FetchSession.Request withIds = session.next(wanted(A, 0L), true);
        assertThat(withIds.full()).isTrue();
        assertThat(withIds.sessionId()).isEqualTo(12);
    }
}
