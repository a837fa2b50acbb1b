package io.kanal.client.cluster.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.Endpoint;
import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.cluster.Node;
import io.kanal.client.common.ExponentialBackoff;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.NetworkException;
import io.kanal.client.errors.TimeoutException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.FindCoordinatorRequest;
import io.kanal.client.protocol.message.FindCoordinatorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class CoordinatorLookupTest {
    private record Sent(ApiRequest request, CompletableFuture<ApiResponse> response) {
        FindCoordinatorRequest body(short version) {
            return (FindCoordinatorRequest) request.body().forVersion(version);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final List<Sent> sent = new ArrayList<>();
    private final CoordinatorLookup lookup = new CoordinatorLookup(
            "test",
            (request, timeoutMs) -> {
                CompletableFuture<ApiResponse> f = new CompletableFuture<>();
                sent.add(new Sent(request, f));
                return f;
            },
            clock,
            new ExponentialBackoff(100, 1_000),
            clock,
            30_000);

    private long deadline(long ms) {
        return clock.monotonicMs() + ms;
    }

    private static FindCoordinatorResponse.Coordinator answer(String key, int node, Errors error, String message) {
        return FindCoordinatorResponse.Coordinator.builder()
                .key(key)
                .nodeId(node)
                .host("broker" + node)
                .port(9092)
                .errorCode(error.code())
                .errorMessage(message)
                .build();
    }

    private static void respond(Sent s, FindCoordinatorResponse.Coordinator... coordinators) {
        FindCoordinatorResponse body = FindCoordinatorResponse.builder()
                .coordinators(List.of(coordinators))
                .build();
        s.response().complete(new ApiResponse(body, (short) 6, new Endpoint(0, "b", 9092), 1));
    }

    @Test
    void keysAskedTogetherShareOneBatchedRequestAndAreCached() throws Exception {
        Map<String, CompletableFuture<Node>> futures =
                lookup.coordinators(CoordinatorType.GROUP, List.of("a", "b"), deadline(5_000));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).request().api()).isEqualTo(ApiKey.FIND_COORDINATOR);
        FindCoordinatorRequest body = sent.get(0).body((short) 6);
        assertThat(body.coordinatorKeys()).containsExactly("a", "b");
        assertThat(body.keyType()).isEqualTo(CoordinatorType.GROUP.id());

        respond(sent.get(0), answer("a", 1, Errors.NONE, null), answer("b", 2, Errors.NONE, null));
        assertThat(futures.get("a").get().id()).isEqualTo(1);
        assertThat(futures.get("b").get().host()).isEqualTo("broker2");

        assertThat(lookup.coordinator(CoordinatorType.GROUP, "a", deadline(5_000))
                        .get()
                        .id())
                .isEqualTo(1);
        assertThat(sent).hasSize(1);
        // The cache is per type: the same id as a transactional id is a different key.
        lookup.coordinator(CoordinatorType.TRANSACTION, "a", deadline(5_000));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).body((short) 6).keyType()).isEqualTo(CoordinatorType.TRANSACTION.id());
    }

    @Test
    void concurrentLookupsOfOneKeyShareOneRequest() throws Exception {
        CompletableFuture<Node> first = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(5_000));
        CompletableFuture<Node> second = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(9_000));
        assertThat(sent).hasSize(1);
        respond(sent.get(0), answer("g", 3, Errors.NONE, null));
        assertThat(first.get().id()).isEqualTo(3);
        assertThat(second.get().id()).isEqualTo(3);
    }

    @Test
    void invalidateForcesANewLookupAndStaleInvalidationKeepsANewerAnswer() throws Exception {
        lookup.coordinator(CoordinatorType.GROUP, "g", deadline(5_000));
        respond(sent.get(0), answer("g", 1, Errors.NONE, null));
        Node old = lookup.cached(CoordinatorType.GROUP, "g").orElseThrow();

        lookup.invalidate(CoordinatorType.GROUP, "g");
        assertThat(lookup.cached(CoordinatorType.GROUP, "g")).isEmpty();
        CompletableFuture<Node> again = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(5_000));
        assertThat(sent).hasSize(2);
        respond(sent.get(1), answer("g", 2, Errors.NONE, null));
        assertThat(again.get().id()).isEqualTo(2);

        lookup.invalidate(CoordinatorType.GROUP, "g", old);
        assertThat(lookup.cached(CoordinatorType.GROUP, "g")).map(Node::id).contains(2);
    }

    @Test
    void retriableErrorsAreRetriedWithGrowingBackoff() throws Exception {
        CompletableFuture<Node> future = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(10_000));
        respond(sent.get(0), answer("g", -1, Errors.COORDINATOR_LOAD_IN_PROGRESS, "loading"));
        assertThat(future).isNotDone();
        assertThat(sent).hasSize(1);
        long firstDelay = clock.delays().get(clock.delays().size() - 1);
        assertThat(firstDelay).isBetween(80L, 120L);

        clock.advance(firstDelay);
        assertThat(sent).hasSize(2);
        respond(sent.get(1), answer("g", -1, Errors.COORDINATOR_NOT_AVAILABLE, null));
        long secondDelay = clock.delays().get(clock.delays().size() - 1);
        assertThat(secondDelay).isBetween(160L, 240L);

        clock.advance(secondDelay);
        assertThat(sent).hasSize(3);
        respond(sent.get(2), answer("g", 4, Errors.NONE, null));
        assertThat(future.get().id()).isEqualTo(4);
    }

    @Test
    void networkFailuresAreRetried() throws Exception {
        CompletableFuture<Node> future = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(10_000));
        sent.get(0).response().completeExceptionally(new NetworkException("connection reset", true, null));
        assertThat(future).isNotDone();
        clock.advance(200);
        assertThat(sent).hasSize(2);
        respond(sent.get(1), answer("g", 5, Errors.NONE, null));
        assertThat(future.get().id()).isEqualTo(5);
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastError() {
        CompletableFuture<Node> future = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(1_000));
        int answered = 0;
        while (!future.isDone()) {
            if (sent.size() > answered) {
                respond(sent.get(answered++), answer("g", -1, Errors.COORDINATOR_LOAD_IN_PROGRESS, "still loading"));
            }
            clock.advance(50);
        }
        // 100 + 200 + 400 ms of back-off fit in the second; the next 800 ms would not, so it gives up early.
        assertThat(answered).isEqualTo(4);
        assertThat(sent).hasSize(4);
        assertThat(future)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(TimeoutException.class)
                .withMessageContaining("still loading")
                .havingCause()
                .satisfies(c -> assertThat(((KafkaException) c).error()).contains(Errors.COORDINATOR_LOAD_IN_PROGRESS));
    }

    @Test
    void aCallerWithAnEarlierDeadlineTimesOutWhileTheSharedLookupGoesOn() throws Exception {
        CompletableFuture<Node> early = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(300));
        CompletableFuture<Node> late = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(10_000));
        respond(sent.get(0), answer("g", -1, Errors.COORDINATOR_NOT_AVAILABLE, null));
        clock.advance(301);
        assertThat(early).isCompletedExceptionally();
        assertThat(late).isNotDone();
        respond(sent.get(sent.size() - 1), answer("g", 7, Errors.NONE, null));
        assertThat(late.get().id()).isEqualTo(7);
    }

    @Test
    void nonRetriableErrorsFailAtOnceWithTheBrokerMessage() {
        CompletableFuture<Node> future = lookup.coordinator(CoordinatorType.GROUP, "g", deadline(10_000));
        respond(sent.get(0), answer("g", -1, Errors.GROUP_AUTHORIZATION_FAILED, "not allowed to read group g"));
        assertThat(future)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(AuthorizationException.class)
                .withMessageContaining("not allowed to read group g");
        assertThat(clock.delays()).allMatch(d -> d >= 9_000, "only the caller's deadline timer is scheduled");
    }

    @Test
    void brokersBeforeV4AnswerOneKeyPerRequest() throws Exception {
        Map<String, CompletableFuture<Node>> futures =
                lookup.coordinators(CoordinatorType.GROUP, List.of("a", "b"), deadline(5_000));
        FindCoordinatorRequest v3 = sent.get(0).body((short) 3);
        assertThat(v3.key()).isEqualTo("a");
        assertThat(v3.coordinatorKeys()).isEmpty();
        FindCoordinatorResponse single = FindCoordinatorResponse.builder()
                .nodeId(1)
                .host("broker1")
                .port(9092)
                .build();
        sent.get(0).response().complete(new ApiResponse(single, (short) 3, new Endpoint(0, "b", 9092), 1));
        assertThat(futures.get("a").get().id()).isEqualTo(1);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).body((short) 3).key()).isEqualTo("b");
        FindCoordinatorResponse second = single.toBuilder().nodeId(2).build();
        sent.get(1).response().complete(new ApiResponse(second, (short) 3, new Endpoint(0, "b", 9092), 2));
        assertThat(futures.get("b").get().id()).isEqualTo(2);
    }

    @Test
    void transactionLookupsNeedKeyTypeSoStartAtV1() {
        lookup.coordinator(CoordinatorType.TRANSACTION, "tx", deadline(5_000));
        assertThat(sent.get(0).request().minVersion()).isEqualTo((short) 1);
        assertThat(sent.get(0).body((short) 1).keyType()).isEqualTo((byte) 1);
    }

    @Test
    void backoffDoublesUpToTheMaximumWithBoundedJitter() {
        ExponentialBackoff b = new ExponentialBackoff(100, 1_000);
        assertThat(b.delayMs(1, 0.5)).isEqualTo(100);
        assertThat(b.delayMs(2, 0.5)).isEqualTo(200);
        assertThat(b.delayMs(3, 0.0)).isEqualTo(320);
        assertThat(b.delayMs(10, 0.99)).isEqualTo(1_000);
        assertThat(new ExponentialBackoff(500, 100).maxMs()).isEqualTo(500);
    }
}
