package io.kanal.client.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.client.ConsumerGroupMetadata;
import io.kanal.client.errors.Errors;
import io.kanal.client.producer.TransactionStateMachine.State;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.AddPartitionsToTxnRequest;
import io.kanal.client.protocol.message.AddPartitionsToTxnResponse;
import io.kanal.client.protocol.message.EndTxnResponse;
import io.kanal.client.protocol.message.InitProducerIdRequest;
import io.kanal.client.protocol.message.InitProducerIdResponse;
import io.kanal.client.protocol.message.TxnOffsetCommitRequest;
import io.kanal.client.protocol.message.TxnOffsetCommitResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;

/**
 * A transactional sender driven by hand against a scripted coordinator and partition leaders, for the transaction
 * unit tests: the harness, the machine, and the coordinator's answers.
 */
abstract class TransactionFixture {
    static final long PID = 4000;
    static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("copy", 7, "member-1", Optional.empty());

    final SenderHarness h = new SenderHarness(2, Map.of("transactional.id", "tx-1"));
    final TransactionStateMachine txn = h.sender.transactions().machine();

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** initTransactions() answered with a producer id and epoch. */
    void initialized(int epoch) {
        CompletableFuture<Void> init = txn.initTransactions();
        h.step();
        SenderHarness.Sent request = h.next(ApiKey.INIT_PRODUCER_ID);
        InitProducerIdRequest body = (InitProducerIdRequest) request.body();
        assertThat(body.transactionalId()).isEqualTo("tx-1");
        assertThat(body.transactionTimeoutMs()).isEqualTo(60_000);
        request.respond(initResponse(Errors.NONE, PID, epoch));
        assertThat(init).isCompleted();
        assertThat(txn.state()).isEqualTo(State.READY);
    }

    /** Runs the sender once and returns the request it sent, which must be of the given API. */
    SenderHarness.Sent stepTo(ApiKey api) {
        h.step();
        return h.next(api);
    }

    /** Sends one record in the open V1 transaction, through AddPartitionsToTxn, and acknowledges it. */
    CompletableFuture<RecordMetadata> sendAddedAndAcked(int partition, long offset) {
        CompletableFuture<RecordMetadata> record = h.send(partition, "r");
        h.step();
        SenderHarness.Sent add = h.next(ApiKey.ADD_PARTITIONS_TO_TXN);
        add.respond(addResponse((AddPartitionsToTxnRequest) add.body(), Errors.NONE));
        h.step();
        SenderHarness.Sent produce = h.next(ApiKey.PRODUCE);
        produce.ok(offset);
        return record;
    }

    static InitProducerIdResponse initResponse(Errors error, long pid, int epoch) {
        return InitProducerIdResponse.builder()
                .errorCode(error.code())
                .producerId(pid)
                .producerEpoch((short) epoch)
                .build();
    }

    static EndTxnResponse endResponse(Errors error, long pid, int epoch) {
        return EndTxnResponse.builder()
                .errorCode(error.code())
                .producerId(pid)
                .producerEpoch((short) epoch)
                .build();
    }

    static AddPartitionsToTxnResponse addResponse(AddPartitionsToTxnRequest request, Errors error) {
        return AddPartitionsToTxnResponse.builder()
                .resultsByTopicV3AndBelow(request.v3AndBelowTopics().stream()
                        .map(t -> AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult.builder()
                                .name(t.name())
                                .resultsByPartition(t.partitions().stream()
                                        .map(p -> AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult.builder()
                                                .partitionIndex(p)
                                                .partitionErrorCode(error.code())
                                                .build())
                                        .toList())
                                .build())
                        .toList())
                .build();
    }

    static TxnOffsetCommitResponse offsetsResponse(TxnOffsetCommitRequest request, Errors error) {
        return TxnOffsetCommitResponse.builder()
                .topics(request.topics().stream()
                        .map(t -> TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic.builder()
                                .name(t.name())
                                .partitions(t.partitions().stream()
                                        .map(p -> TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition.builder()
                                                .partitionIndex(p.partitionIndex())
                                                .errorCode(error.code())
                                                .build())
                                        .toList())
                                .build())
                        .toList())
                .build();
    }
}
