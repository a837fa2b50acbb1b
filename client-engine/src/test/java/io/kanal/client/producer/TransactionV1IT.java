package io.kanal.client.producer;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;

/** {@link TransactionContract} under transactions V1 (the cluster's {@code transaction.version} set to 1). */
@WithKafkaCluster(brokerConfig = "transaction.abort.timed.out.transaction.cleanup.interval.ms=500")
class TransactionV1IT extends TransactionContract {
    TransactionV1IT(KafkaCluster cluster) {
        super(cluster, (short) 1);
    }
}
