package io.kanal.runtime.task;

import io.kanal.api.convert.Serialized;
import io.kanal.api.data.Header;
import io.kanal.api.data.Headers;
import io.kanal.api.source.SourceRecord;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A source batch through its converters (key, value, then header), one plugin call per converter and batch; a record
 * a converter fails on is marked failed in its slot for the error policy. The arrays are indexed like the slots; a
 * dropped or failed slot's entries are null.
 *
 * <p>Threading: built and read on the task thread.
 *
 * @param keys the key bytes
 * @param values the value bytes
 * @param headers the Kafka headers
 */
record SourceConversion(byte[][] keys, byte[][] values, List<List<io.kanal.client.record.Header>> headers) {

    /**
     * Converts the live records of a batch.
     *
     * @param invoker runs the converters
     * @param converters the task's converters
     * @param budget the call budget per converter and batch
     * @param policy decides on failures
     * @param redactor masks secrets
     * @param slots the batch after its transforms
     * @return the bytes and headers
     */
    static SourceConversion convert(
            PluginInvoker invoker,
            TaskConverters converters,
            Duration budget,
            ErrorPolicy policy,
            Redactor redactor,
            RecordSlots<SourceRecord> slots) {
        int n = slots.size();
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        List<List<io.kanal.client.record.Header>> headers = new ArrayList<>(Collections.nCopies(n, null));
        // Key and value converters first: they may add headers (schema ids) through serialize(); the header converter
        // then writes every header, added ones included. Connect converts headers first and lets the key and value
        // converters add raw bytes; the headers on the wire are the same.
        List<Headers> connectHeaders = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            connectHeaders.add(slots.live(i) ? slots.get(i).headers() : Headers.empty());
        }
        BatchCalls.run(
                invoker,
                converters.key(),
                Stage.KEY_CONVERTER,
                budget,
                policy,
                redactor,
                slots,
                i -> true,
                (c, s, i) -> {
                    SourceRecord r = s.get(i);
                    Serialized out = c.serialize(r.topic(), connectHeaders.get(i), r.keySchema(), r.key());
                    keys[i] = out.bytes();
                    connectHeaders.set(i, out.headers());
                });
        BatchCalls.run(
                invoker,
                converters.value(),
                Stage.VALUE_CONVERTER,
                budget,
                policy,
                redactor,
                slots,
                i -> true,
                (c, s, i) -> {
                    SourceRecord r = s.get(i);
                    Serialized out = c.serialize(r.topic(), connectHeaders.get(i), r.valueSchema(), r.value());
                    values[i] = out.bytes();
                    connectHeaders.set(i, out.headers());
                });
        BatchCalls.run(
                invoker,
                converters.header(),
                Stage.HEADER_CONVERTER,
                budget,
                policy,
                redactor,
                slots,
                i -> true,
                (hc, s, i) -> {
                    String topic = s.get(i).topic();
                    Headers connect = connectHeaders.get(i);
                    List<io.kanal.client.record.Header> out = new ArrayList<>(connect.size());
                    for (Header h : connect) {
                        out.add(io.kanal.client.record.Header.of(
                                h.key(), hc.fromConnectHeader(topic, h.key(), h.schema(), h.value())));
                    }
                    headers.set(i, out);
                });
        return new SourceConversion(keys, values, headers);
    }
}
