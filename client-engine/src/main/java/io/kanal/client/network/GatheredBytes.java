package io.kanal.client.network;

import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.wire.WireWriter;

/**
 * How many bytes of a request a {@linkplain WireWriter#gathering gathering writer} will reference rather than copy, so
 * that the request's own buffer is allocated for the rest only. Produce is the one request that carries bulk data
 * (its record batches); every other request is copied whole.
 */
final class GatheredBytes {
    private GatheredBytes() {}

    static int of(ApiMessage body) {
        if (!(body instanceof ProduceRequest produce)) {
            return 0;
        }
        int bytes = 0;
        for (ProduceRequest.TopicProduceData topic : produce.topicData()) {
            for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                if (WireWriter.gathers(partition.records())) {
                    bytes += partition.records().remaining();
                }
            }
        }
        return bytes;
    }
}
