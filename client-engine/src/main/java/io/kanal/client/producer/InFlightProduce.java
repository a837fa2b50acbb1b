package io.kanal.client.producer;

import java.util.List;

/**
 * One Produce request on its way: which broker, which batches (one per partition). Sender thread only.
 *
 * @param nodeId the broker
 * @param batches the batches it carries
 * @param sentMs when it was handed to the network client, monotonic ms
 */
record InFlightProduce(int nodeId, List<ProducerBatch> batches, long sentMs) {}
