package io.kanal.runtime.task;

import io.kanal.api.data.Headers;
import io.kanal.api.data.SchemaAndValue;
import io.kanal.api.sink.SinkRecord;
import io.kanal.api.sink.TimestampType;
import io.kanal.client.consumer.ConsumerRecord;
import io.kanal.client.record.Header;
import io.kanal.runtime.invoke.PluginInvoker;
import io.kanal.runtime.invoke.Redactor;
import io.kanal.runtime.invoke.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns fetched records into {@link SinkRecord}s: header converter, then key and value converters (each one plugin
 * call per batch), then the transforms. A record that fails a stage keeps its failure in its slot; the pipeline hands
 * it to the error policy with its original bytes.
 *
 * <p>Stateless apart from its collaborators; called on the task thread.
 */
final class SinkConversion {

    private final PluginInvoker invoker;
    private final TaskConverters converters;
    private final TransformChain<SinkRecord> transforms;
    private final Redactor redactor;
    private final Duration budget;

    SinkConversion(
            PluginInvoker invoker,
            TaskConverters converters,
            TransformChain<SinkRecord> transforms,
            Redactor redactor,
            Duration budget) {
        this.invoker = invoker;
        this.converters = converters;
        this.transforms = transforms;
        this.redactor = redactor;
        this.budget = budget;
    }

    /**
     * Converts and transforms a batch.
     *
     * @param raw the fetched records, in order
     * @param policy retries retriable failures of single records
     * @return one slot per fetched record, at the same position: a sink record, nothing (dropped), or a failure
     */
    RecordSlots<SinkRecord> convert(List<ConsumerRecord<byte[], byte[]>> raw, ErrorPolicy policy) {
        RecordSlots<ConsumerRecord<byte[], byte[]>> in = new RecordSlots<>(raw);
        int n = in.size();
        List<Headers> headers = new ArrayList<>(Collections.nCopies(n, null));
        List<SchemaAndValue> keys = new ArrayList<>(Collections.nCopies(n, null));
        List<SchemaAndValue> values = new ArrayList<>(Collections.nCopies(n, null));
        BatchCalls.run(
                invoker,
                converters.header(),
                Stage.HEADER_CONVERTER,
                budget,
                policy,
                redactor,
                in,
                i -> true,
                (hc, s, i) -> {
                    ConsumerRecord<byte[], byte[]> r = s.get(i);
                    Headers out = Headers.empty();
                    for (Header h : r.headers()) {
                        SchemaAndValue v = hc.toConnectHeader(r.topic(), h.key(), h.valueBytes());
                        out = out.add(h.key(), v == null ? SchemaAndValue.NULL : v);
                    }
                    headers.set(i, out);
                });
        BatchCalls.run(
                invoker,
                converters.key(),
                Stage.KEY_CONVERTER,
                budget,
                policy,
                redactor,
                in,
                i -> true,
                (c, s, i) -> keys.set(
                        i,
                        c.toConnectData(
                                s.get(i).topic(), headers.get(i), s.get(i).key())));
        BatchCalls.run(
                invoker,
                converters.value(),
                Stage.VALUE_CONVERTER,
                budget,
                policy,
                redactor,
                in,
                i -> true,
                (c, s, i) -> values.set(
                        i,
                        c.toConnectData(
                                s.get(i).topic(), headers.get(i), s.get(i).value())));
        List<SinkRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(in.live(i) ? sinkRecord(in.get(i), keys.get(i), values.get(i), headers.get(i)) : null);
        }
        RecordSlots<SinkRecord> out = new RecordSlots<>(records);
        for (int i = 0; i < n; i++) {
            if (in.failed(i)) {
                out.fail(i, in.stage(i), in.executingClass(i), in.error(i));
            }
        }
        transforms.apply(out, policy);
        return out;
    }

    private static SinkRecord sinkRecord(
            ConsumerRecord<byte[], byte[]> r, SchemaAndValue key, SchemaAndValue value, Headers headers) {
        SchemaAndValue k = key == null ? SchemaAndValue.NULL : key;
        SchemaAndValue v = value == null ? SchemaAndValue.NULL : value;
        boolean noTimestamp = r.timestamp() < 0 || r.timestampType() == null;
        TimestampType type = noTimestamp
                ? TimestampType.NO_TIMESTAMP_TYPE
                : r.timestampType() == io.kanal.client.record.TimestampType.LOG_APPEND_TIME
                        ? TimestampType.LOG_APPEND_TIME
                        : TimestampType.CREATE_TIME;
        return new SinkRecord(
                r.topic(),
                r.partition(),
                k.schema(),
                k.value(),
                v.schema(),
                v.value(),
                r.offset(),
                noTimestamp ? null : r.timestamp(),
                type,
                headers);
    }
}
