package io.kanal.bridge.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.source.RecordMetadata;
import io.kanal.api.source.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Connect source task that defines its own transaction boundaries and tracks acknowledgements: the Kanal pipeline
 * sees, in its transaction context, the very Kanal records that {@code poll} returns, and the task gets back in {@code
 * commitRecord} the very Connect records it returned, with kafka-clients' metadata.
 */
class BridgedSourceTransactionsTest {

    @Test
    void transactionRequestsAndAcknowledgementsNameTheSameRecordsOnBothSides() throws Exception {
        BridgedSourceTaskFixture.RecordingTransactions transactions =
                new BridgedSourceTaskFixture.RecordingTransactions();
        TransactionalTask connect = new TransactionalTask();
        BridgedSourceTask task = new BridgedSourceTask(connect);
        BridgedSourceTaskFixture.start(task, Optional.of(transactions));

        List<SourceRecord> polled = task.poll();
        assertThat(polled).hasSize(2);
        assertThat(transactions.committed).containsExactly(polled.get(1));
        assertThat(transactions.committed.get(0)).isSameAs(polled.get(1));
        assertThat(transactions.aborted).containsExactly((SourceRecord) null);

        task.commitRecord(polled.get(0), new RecordMetadata("t", 0, 17, 1000));
        task.commitRecord(polled.get(1), null);
        assertThat(connect.acknowledged).containsExactly(connect.returned.get(0), connect.returned.get(1));
        assertThat(connect.acknowledged.get(0)).isSameAs(connect.returned.get(0));
        assertThat(connect.metadata.get(0).offset()).isEqualTo(17);
        assertThat(connect.metadata.get(0).topic()).isEqualTo("t");
        assertThat(connect.metadata.get(1)).isNull();
        task.stop();
    }

    /** Names its second record as a transaction boundary before returning it, and records what it is acknowledged. */
    public static final class TransactionalTask extends org.apache.kafka.connect.source.SourceTask {
        final List<org.apache.kafka.connect.source.SourceRecord> returned = new ArrayList<>();
        final List<org.apache.kafka.connect.source.SourceRecord> acknowledged = new ArrayList<>();
        final List<org.apache.kafka.clients.producer.RecordMetadata> metadata = new ArrayList<>();

        /** As Connect requires. */
        public TransactionalTask() {}

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {}

        @Override
        public List<org.apache.kafka.connect.source.SourceRecord> poll() {
            for (int i = 0; i < 2; i++) {
                returned.add(new org.apache.kafka.connect.source.SourceRecord(
                        Map.of("p", 0),
                        Map.of("o", i),
                        "t",
                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                        "v" + i));
            }
            context.transactionContext().commitTransaction(returned.get(1));
            context.transactionContext().abortTransaction();
            return List.copyOf(returned);
        }

        @Override
        public void commitRecord(
                org.apache.kafka.connect.source.SourceRecord record,
                org.apache.kafka.clients.producer.RecordMetadata recordMetadata) {
            acknowledged.add(record);
            metadata.add(recordMetadata);
        }

        @Override
        public void stop() {}
    }
}
