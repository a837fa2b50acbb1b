package io.kanal.client.network;

import io.kanal.client.protocol.ApiMessage;
import io.kanal.client.protocol.message.ProduceRequest;
import io.kanal.client.protocol.wire.WireWriter;
import java.nio.ByteBuffer;

/**
 * How many bytes of a request a {@linkplain WireWriter#gathering gathering writer} will reference rather than copy, so
 * that the request's own buffer is allocated for the rest only. Produce is the one request that carries bulk data
 * (its record batches); every other request is copied whole.
 */
final class GatheredBytes {
    private GatheredBytes() {}

    /**
     * The writer for a request's body: a gathering one for Produce, whose batches {@link #of} counts, and a copying
     * one for every other request. Other requests carry large bytes fields too (a Connect group's assignments in
     * SyncGroup pass 1 KiB with a few hundred tasks); a gathering writer would reference them while the buffer was
     * sized to hold them, and the request would fail as encoded to fewer bytes than its size.
     *
     * @param body the request body
     * @param buffer the destination, sized {@code size - of(body)} (plus whatever the caller writes first)
     * @return the writer
     */
    static WireWriter writer(ApiMessage body, ByteBuffer buffer) {
        return body instanceof ProduceRequest ? WireWriter.gathering(buffer) : new WireWriter(buffer);
    }

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
