package io.kanal.client.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.kanal.client.TopicPartition;
import io.kanal.client.errors.AuthorizationException;
import io.kanal.client.errors.BrokerErrorException;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.InvalidConfigException;
import io.kanal.client.errors.ProtocolException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.DescribeProducersRequest;
import io.kanal.client.protocol.message.DescribeProducersResponse;
import io.kanal.client.protocol.message.DescribeTransactionsResponse;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import io.kanal.client.protocol.message.ListTransactionsRequest;
import io.kanal.client.protocol.message.ListTransactionsResponse;
import io.kanal.client.protocol.message.WriteTxnMarkersRequest;
import io.kanal.client.protocol.message.WriteTxnMarkersResponse;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transaction operations' requests, response mapping and error decisions, without a broker. */
class AdminTransactionsTest {
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private static final TopicPartition U0 = new TopicPartition("u", 0);

    private static void assertRetry(Outcome<?> outcome, Errors error, Outcome.Recovery recovery) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
            assertThat(r.cause().error()).contains(error);
            assertThat(r.recovery()).isEqualTo(recovery);
        });
    }

    private static void assertFail(Outcome<?> outcome, Errors error, Class<?> type) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Fail.class, f -> {
            assertThat(f.error()).isInstanceOf(type);
            assertThat(f.error().error()).contains(error);
        });
    }

    @Test
    void fencingInitProducerIdCarriesNoProducerIdOrEpochAndTheTimeLeft() {
        ApiRequest request = TransactionOperations.initProducerIdRequest("tx", 2_500);
        assertThat(request.api()).isEqualTo(ApiKey.INIT_PRODUCER_ID);
        InitProducerIdRequest v5 = (InitProducerIdRequest) request.body().forVersion((short) 5);
        assertThat(v5.transactionalId()).isEqualTo("tx");
        assertThat(v5.transactionTimeoutMs()).isEqualTo(2_500);
        assertThat(v5.producerId()).isEqualTo(-1);
        assertThat(v5.producerEpoch()).isEqualTo((short) -1);
        assertThat(v5.enable2Pc()).isFalse();
        assertThat(v5.keepPreparedTxn()).isFalse();
        // Every field left at its default is writable at v0, which has no producer id or epoch.
        assertThat(v5.size((short) 0)).isPositive();
    }

    @Test
    void fencingRetriesLoadingAndConcurrentTransactionsLooksUpAgainAfterAMoveAndFailsTheRest() {
        InitProducerIdResponse ok = InitProducerIdResponse.builder()
                .producerId(42)
                .producerEpoch((short) 7)
                .build();
        assertThat(TransactionOperations.fenceOutcome("tx", ok))
                .isEqualTo(new Outcome.Done<>(new FencedProducer(42, (short) 7)));
        assertRetry(
                fence(Errors.COORDINATOR_LOAD_IN_PROGRESS), Errors.COORDINATOR_LOAD_IN_PROGRESS, Outcome.Recovery.NONE);
        assertRetry(fence(Errors.CONCURRENT_TRANSACTIONS), Errors.CONCURRENT_TRANSACTIONS, Outcome.Recovery.NONE);
        assertRetry(fence(Errors.NOT_COORDINATOR), Errors.NOT_COORDINATOR, Outcome.Recovery.REROUTE);
        assertRetry(
                fence(Errors.COORDINATOR_NOT_AVAILABLE), Errors.COORDINATOR_NOT_AVAILABLE, Outcome.Recovery.REROUTE);
        Outcome<FencedProducer> denied = fence(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
        assertFail(denied, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, AuthorizationException.class);
        assertThat(((Outcome.Fail<FencedProducer>) denied).error().getMessage()).contains("'tx'");
        assertFail(
                fence(Errors.CLUSTER_AUTHORIZATION_FAILED),
                Errors.CLUSTER_AUTHORIZATION_FAILED,
                AuthorizationException.class);
        assertFail(
                fence(Errors.INVALID_TRANSACTION_TIMEOUT),
                Errors.INVALID_TRANSACTION_TIMEOUT,
                BrokerErrorException.class);
    }

    private static Outcome<FencedProducer> fence(Errors error) {
        return TransactionOperations.fenceOutcome(
                "tx", InitProducerIdResponse.builder().errorCode(error.code()).build());
    }

    @Test
    void listTransactionsAsksForTheVersionItsFiltersNeed() {
        ApiRequest plain = TransactionOperations.listTransactionsRequest(ListTransactionsOptions.all());
        assertThat(plain.minVersion()).isZero();
        ListTransactionsRequest v0 = (ListTransactionsRequest) plain.body().forVersion((short) 0);
        assertThat(v0.stateFilters()).isEmpty();
        assertThat(v0.producerIdFilters()).isEmpty();
        assertThat(v0.durationFilter()).isEqualTo(-1);
        assertThat(v0.transactionalIdPattern()).isNull();

        ListTransactionsOptions filtered = ListTransactionsOptions.all()
                .filterStates(List.of(TransactionState.PREPARE_COMMIT, TransactionState.ONGOING))
                .filterProducerIds(List.of(9L, 3L));
        ListTransactionsRequest byState = (ListTransactionsRequest)
                TransactionOperations.listTransactionsRequest(filtered).body().forVersion((short) 0);
        assertThat(byState.stateFilters()).containsExactly("Ongoing", "PrepareCommit");
        assertThat(byState.producerIdFilters()).containsExactly(3L, 9L);

        ApiRequest longRunning = TransactionOperations.listTransactionsRequest(filtered.filterOnDuration(60_000));
        assertThat(longRunning.minVersion()).isEqualTo((short) 1);
        assertThat(((ListTransactionsRequest) longRunning.body().forVersion((short) 1)).durationFilter())
                .isEqualTo(60_000);
        ApiRequest matching = TransactionOperations.listTransactionsRequest(
                ListTransactionsOptions.all().filterOnTransactionalIdPattern("connect-.*"));
        assertThat(matching.minVersion()).isEqualTo((short) 2);
        assertThat(((ListTransactionsRequest) matching.body().forVersion((short) 2)).transactionalIdPattern())
                .isEqualTo("connect-.*");
    }

    @Test
    void listedTransactionsKeepTheirStatesAndAShuttingDownCoordinatorFailsTheList() {
        ListTransactionsResponse response = ListTransactionsResponse.builder()
                .transactionStates(List.of(
                        ListTransactionsResponse.TransactionState.builder()
                                .transactionalId("a")
                                .producerId(1)
                                .transactionState("Ongoing")
                                .build(),
                        ListTransactionsResponse.TransactionState.builder()
                                .transactionalId("b")
                                .producerId(2)
                                .transactionState("Dead")
                                .build()))
                .build();
        assertThat(TransactionOperations.listOutcome(response, 1))
                .isEqualTo(new Outcome.Done<>(List.of(
                        new TransactionListing("a", 1, TransactionState.ONGOING),
                        new TransactionListing("b", 2, TransactionState.UNKNOWN))));
        Outcome<List<TransactionListing>> closing = TransactionOperations.listOutcome(
                ListTransactionsResponse.builder()
                        .errorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                        .build(),
                3);
        assertThat(closing).isInstanceOfSatisfying(Outcome.Fail.class, f -> {
            assertThat(f.error().error()).contains(Errors.COORDINATOR_NOT_AVAILABLE);
            assertThat(f.error().getMessage()).contains("broker 3");
        });
        assertRetry(
                TransactionOperations.listOutcome(
                        ListTransactionsResponse.builder()
                                .errorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                                .build(),
                        3),
                Errors.COORDINATOR_LOAD_IN_PROGRESS,
                Outcome.Recovery.NONE);
    }

    @Test
    void describedTransactionsCarryTheirPartitionsAndPerIdErrors() {
        DescribeTransactionsResponse response = DescribeTransactionsResponse.builder()
                .transactionStates(List.of(
                        describedState("open", Errors.NONE)
                                .transactionState("Ongoing")
                                .transactionTimeoutMs(60_000)
                                .transactionStartTimeMs(1_000)
                                .producerId(5)
                                .producerEpoch((short) 2)
                                .topics(List.of(
                                        DescribeTransactionsResponse.TopicData.builder()
                                                .topic("t")
                                                .partitions(List.of(0, 1))
                                                .build(),
                                        DescribeTransactionsResponse.TopicData.builder()
                                                .topic("u")
                                                .partitions(List.of(0))
                                                .build()))
                                .build(),
                        describedState("idle", Errors.NONE)
                                .transactionState("Empty")
                                .transactionStartTimeMs(-1)
                                .producerId(6)
                                .build(),
                        describedState("gone", Errors.TRANSACTIONAL_ID_NOT_FOUND)
                                .build(),
                        describedState("secret", Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
                                .build(),
                        describedState("moved", Errors.NOT_COORDINATOR).build(),
                        describedState("loading", Errors.COORDINATOR_LOAD_IN_PROGRESS)
                                .build()))
                .build();
        Map<String, Outcome<TransactionDescription>> outcomes = TransactionOperations.describeOutcomes(response, 4);
        assertThat(outcomes.get("open"))
                .isEqualTo(new Outcome.Done<>(new TransactionDescription(
                        4, TransactionState.ONGOING, 5, 2, 60_000, OptionalLong.of(1_000), Set.of(T0, T1, U0))));
        assertThat(outcomes.get("idle")).isInstanceOfSatisfying(Outcome.Done.class, d -> {
            TransactionDescription idle = (TransactionDescription) d.value();
            assertThat(idle.state()).isEqualTo(TransactionState.EMPTY);
            assertThat(idle.transactionStartTimeMs()).isEmpty();
            assertThat(idle.topicPartitions()).isEmpty();
        });
        assertFail(outcomes.get("gone"), Errors.TRANSACTIONAL_ID_NOT_FOUND, BrokerErrorException.class);
        assertThat(((Outcome.Fail<?>) outcomes.get("gone")).error().getMessage())
                .contains("'gone'");
        assertFail(outcomes.get("secret"), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, AuthorizationException.class);
        assertRetry(outcomes.get("moved"), Errors.NOT_COORDINATOR, Outcome.Recovery.REROUTE);
        assertRetry(outcomes.get("loading"), Errors.COORDINATOR_LOAD_IN_PROGRESS, Outcome.Recovery.NONE);
    }

    private static DescribeTransactionsResponse.TransactionState.Builder describedState(String id, Errors error) {
        return DescribeTransactionsResponse.TransactionState.builder()
                .transactionalId(id)
                .errorCode(error.code())
                .transactionState("")
                .topics(List.of());
    }

    @Test
    void describeProducersGroupsPartitionsByTopic() {
        DescribeProducersRequest body =
                (DescribeProducersRequest) TransactionOperations.describeProducersRequest(List.of(T0, U0, T1))
                        .body()
                        .forVersion((short) 0);
        assertThat(body.topics())
                .extracting(DescribeProducersRequest.TopicRequest::name)
                .containsExactly("t", "u");
        assertThat(body.topics().get(0).partitionIndexes()).containsExactly(0, 1);
        assertThat(body.topics().get(1).partitionIndexes()).containsExactly(0);
    }

    @Test
    void describedProducersMapNegativesToEmptyAndPartitionErrorsToOutcomes() {
        DescribeProducersResponse response = DescribeProducersResponse.builder()
                .topics(List.of(DescribeProducersResponse.TopicResponse.builder()
                        .name("t")
                        .partitions(List.of(
                                DescribeProducersResponse.PartitionResponse.builder()
                                        .partitionIndex(0)
                                        .activeProducers(List.of(
                                                DescribeProducersResponse.ProducerState.builder()
                                                        .producerId(11)
                                                        .producerEpoch(3)
                                                        .lastSequence(9)
                                                        .lastTimestamp(123)
                                                        .coordinatorEpoch(-1)
                                                        .currentTxnStartOffset(40)
                                                        .build(),
                                                DescribeProducersResponse.ProducerState.builder()
                                                        .producerId(12)
                                                        .producerEpoch(0)
                                                        .coordinatorEpoch(2)
                                                        .build()))
                                        .build(),
                                partitionError(1, Errors.NOT_LEADER_OR_FOLLOWER, null),
                                partitionError(2, Errors.UNKNOWN_TOPIC_OR_PARTITION, null),
                                partitionError(3, Errors.TOPIC_AUTHORIZATION_FAILED, "no describe on t"),
                                partitionError(4, Errors.INVALID_TOPIC_EXCEPTION, null)))
                        .build()))
                .build();
        Map<TopicPartition, Outcome<List<ProducerState>>> outcomes =
                TransactionOperations.describeProducersOutcomes(response);
        assertThat(outcomes.get(T0))
                .isEqualTo(new Outcome.Done<>(List.of(
                        new ProducerState(11, 3, 9, 123, OptionalInt.empty(), OptionalLong.of(40)),
                        new ProducerState(12, 0, -1, -1, OptionalInt.of(2), OptionalLong.empty()))));
        assertRetry(outcomes.get(T1), Errors.NOT_LEADER_OR_FOLLOWER, Outcome.Recovery.REROUTE);
        assertRetry(
                outcomes.get(new TopicPartition("t", 2)), Errors.UNKNOWN_TOPIC_OR_PARTITION, Outcome.Recovery.REROUTE);
        Outcome<List<ProducerState>> denied = outcomes.get(new TopicPartition("t", 3));
        assertFail(denied, Errors.TOPIC_AUTHORIZATION_FAILED, AuthorizationException.class);
        assertThat(((Outcome.Fail<?>) denied).error().getMessage()).contains("no describe on t");
        assertFail(
                outcomes.get(new TopicPartition("t", 4)), Errors.INVALID_TOPIC_EXCEPTION, InvalidConfigException.class);
    }

    private static DescribeProducersResponse.PartitionResponse partitionError(int partition, Errors error, String msg) {
        return DescribeProducersResponse.PartitionResponse.builder()
                .partitionIndex(partition)
                .errorCode(error.code())
                .errorMessage(msg)
                .activeProducers(List.of())
                .build();
    }

    @Test
    void theAbortMarkerIsALegacyAbortForOnePartition() {
        AbortTransactionSpec spec = new AbortTransactionSpec(T1, 77, (short) 4, 3);
        ApiRequest request = TransactionOperations.writeTxnMarkersRequest(spec);
        assertThat(request.api()).isEqualTo(ApiKey.WRITE_TXN_MARKERS);
        for (short version = 1; version <= 2; version++) {
            WriteTxnMarkersRequest body =
                    (WriteTxnMarkersRequest) request.body().forVersion(version);
            assertThat(body.markers()).singleElement().satisfies(m -> {
                assertThat(m.producerId()).isEqualTo(77);
                assertThat(m.producerEpoch()).isEqualTo((short) 4);
                assertThat(m.coordinatorEpoch()).isEqualTo(3);
                assertThat(m.transactionResult()).isFalse();
                assertThat(m.transactionVersion()).isZero();
                assertThat(m.topics()).singleElement().satisfies(t -> {
                    assertThat(t.name()).isEqualTo("t");
                    assertThat(t.partitionIndexes()).containsExactly(1);
                });
            });
            assertThat(body.size(version)).isPositive();
        }
    }

    @Test
    void abortResultsMapAsKafkasAdminMapsThem() {
        AbortTransactionSpec spec = new AbortTransactionSpec(T0, 77, (short) 4, 3);
        assertThat(abort(spec, 77, T0, Errors.NONE)).isEqualTo(new Outcome.Done<>(Boolean.TRUE));
        Outcome<Boolean> stale = abort(spec, 77, T0, Errors.INVALID_PRODUCER_EPOCH);
        assertFail(stale, Errors.INVALID_PRODUCER_EPOCH, BrokerErrorException.class);
        assertThat(((Outcome.Fail<?>) stale).error().getMessage()).contains("producer 77 epoch 4 on t-0");
        assertFail(
                abort(spec, 77, T0, Errors.TRANSACTION_COORDINATOR_FENCED),
                Errors.TRANSACTION_COORDINATOR_FENCED,
                BrokerErrorException.class);
        assertFail(
                abort(spec, 77, T0, Errors.CLUSTER_AUTHORIZATION_FAILED),
                Errors.CLUSTER_AUTHORIZATION_FAILED,
                AuthorizationException.class);
        for (Errors moved : List.of(
                Errors.NOT_LEADER_OR_FOLLOWER,
                Errors.REPLICA_NOT_AVAILABLE,
                Errors.BROKER_NOT_AVAILABLE,
                Errors.UNKNOWN_TOPIC_OR_PARTITION)) {
            assertRetry(abort(spec, 77, T0, moved), moved, Outcome.Recovery.REROUTE);
        }
        assertThat(abort(spec, 78, T0, Errors.NONE))
                .isInstanceOfSatisfying(
                        Outcome.Fail.class, f -> assertThat(f.error()).isInstanceOf(ProtocolException.class));
        assertThat(abort(spec, 77, T1, Errors.NONE)).isInstanceOf(Outcome.Fail.class);
    }

    private static Outcome<Boolean> abort(AbortTransactionSpec spec, long producerId, TopicPartition tp, Errors error) {
        WriteTxnMarkersResponse response = WriteTxnMarkersResponse.builder()
                .markers(List.of(WriteTxnMarkersResponse.WritableTxnMarkerResult.builder()
                        .producerId(producerId)
                        .topics(List.of(WriteTxnMarkersResponse.WritableTxnMarkerTopicResult.builder()
                                .name(tp.topic())
                                .partitions(List.of(WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult.builder()
                                        .partitionIndex(tp.partition())
                                        .errorCode(error.code())
                                        .build()))
                                .build()))
                        .build()))
                .build();
        return TransactionOperations.abortOutcome(spec, response);
    }

    @Test
    void anAbortSpecComesFromAProducerWithAnOpenTransaction() {
        ProducerState open = new ProducerState(5, 2, 10, 0, OptionalInt.empty(), OptionalLong.of(100));
        assertThat(AbortTransactionSpec.forProducer(T0, open)).isEqualTo(new AbortTransactionSpec(T0, 5, (short) 2, 0));
        ProducerState marked = new ProducerState(5, 2, 10, 0, OptionalInt.of(6), OptionalLong.of(100));
        assertThat(AbortTransactionSpec.forProducer(T0, marked).coordinatorEpoch())
                .isEqualTo(6);
        ProducerState idle = new ProducerState(5, 2, 10, 0, OptionalInt.of(6), OptionalLong.empty());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AbortTransactionSpec.forProducer(T0, idle))
                .withMessageContaining("no open transaction");
    }

    @Test
    void valueTypesRejectImpossibleInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AbortTransactionSpec(T0, -1, (short) 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new AbortTransactionSpec(T0, 1, (short) -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new AbortTransactionSpec(T0, 1, (short) 0, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new FencedProducer(-1, (short) 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerState(-1, 0, 0, 0, OptionalInt.empty(), OptionalLong.empty()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ListTransactionsOptions.all().filterStates(List.of(TransactionState.UNKNOWN)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ListTransactionsOptions.all().filterOnDuration(-1));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ListTransactionsOptions.all().filterOnTransactionalIdPattern(""));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ListTransactionsOptions.all().filterProducerIds(List.of(-2L)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TransactionOperations(null).fenceProducers(List.of("ok", ""), 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> new TransactionOperations(null)
                .describeTransactions(java.util.Arrays.asList("a", null), 1_000));
        assertThat(TransactionState.parse("PrepareEpochFence")).isEqualTo(TransactionState.PREPARE_EPOCH_FENCE);
        assertThat(TransactionState.parse("ongoing")).isEqualTo(TransactionState.UNKNOWN);
        assertThat(TransactionState.COMPLETE_ABORT).hasToString("CompleteAbort");
    }
}
