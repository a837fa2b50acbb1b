package io.kanal.client.producer;

import io.kanal.testkit.KafkaCluster;
import io.kanal.testkit.junit.WithKafkaCluster;

/** {@link TransactionContract} under transactions V2 (the cluster's {@code transaction.version} set to 2). */
@WithKafkaCluster(brokerConfig = "transaction.abort.timed.out.transaction.cleanup.interval.ms=500")
class TransactionV2IT extends TransactionContract {
    TransactionV2IT(KafkaCluster cluster) {
        super(cluster, (short) 2);
    }
}
