package io.kanal.bench;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.runtime.transform.InsertField;
import io.kanal.runtime.transform.ReplaceField;
import io.kanal.runtime.transform.TimestampRouter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One source record with a flat ten-field struct value through the same chain of three transforms, Kanal's and
 * Apache Kafka Connect's: {@code InsertField$Value} (a static field and the topic), {@code ReplaceField$Value}
 * (exclude one field, rename another) and {@code TimestampRouter}. Both chains are configured identically and see
 * the same schema every time, so both run on their schema caches, as a task does in steady state; every record has
 * its own timestamp (about a second apart, all on one day).
 *
 * <p>Mutable JMH state, one per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SmtChainBenchmark {
    private static final Map<String, String> INSERT =
            Map.of("static.field", "origin", "static.value", "kanal", "topic.field", "source_topic");
    private static final Map<String, String> REPLACE = Map.of("exclude", "f3", "renames", "f0:id,f1:name");
    private static final Map<String, String> ROUTE =
            Map.of("topic.format", "${topic}-${timestamp}", "timestamp.format", "yyyyMMdd");
    private static final long TIMESTAMP = 1_764_806_400_000L;

    /** Records per side, each with its own timestamp, so that no side can reuse the last formatted one. */
    private static final int RECORDS = 1024;

    private List<Transformation<SourceRecord>> kanal;
    private SourceRecord[] kanalRecords;
    private List<org.apache.kafka.connect.transforms.Transformation<org.apache.kafka.connect.source.SourceRecord>>
            apache;
    private org.apache.kafka.connect.source.SourceRecord[] apacheRecords;
    private int next;

    /** Configures both chains and builds both records. */
    @Setup
    public void setUp() {
        kanal = List.of(
                configure(new InsertField.Value<>(), INSERT),
                configure(new ReplaceField.Value<>(), REPLACE),
                configure(new TimestampRouter<>(), ROUTE));
        SchemaBuilder kanalSchema = SchemaBuilder.struct().name("bench.Flat");
        for (int i = 0; i < 10; i++) {
            kanalSchema.field("f" + i, i % 2 == 0 ? Schema.INT64_SCHEMA : Schema.STRING_SCHEMA);
        }
        Schema kanalValueSchema = kanalSchema.build();
        Struct kanalValue = new Struct(kanalValueSchema);
        for (int i = 0; i < 10; i++) {
            kanalValue.put("f" + i, i % 2 == 0 ? (Object) (1_000_000L * i) : "value-" + i);
        }
        kanalRecords = new SourceRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            kanalRecords[i] = new SourceRecord(
                    Map.of("p", 0),
                    Map.of("o", i),
                    "orders",
                    0,
                    null,
                    null,
                    kanalValueSchema,
                    kanalValue,
                    TIMESTAMP + 997L * i,
                    null);
        }

        apache = List.of(
                configure(new org.apache.kafka.connect.transforms.InsertField.Value<>(), INSERT),
                configure(new org.apache.kafka.connect.transforms.ReplaceField.Value<>(), REPLACE),
                configure(new org.apache.kafka.connect.transforms.TimestampRouter<>(), ROUTE));
        org.apache.kafka.connect.data.SchemaBuilder apacheSchema =
                org.apache.kafka.connect.data.SchemaBuilder.struct().name("bench.Flat");
        for (int i = 0; i < 10; i++) {
            apacheSchema.field(
                    "f" + i,
                    i % 2 == 0
                            ? org.apache.kafka.connect.data.Schema.INT64_SCHEMA
                            : org.apache.kafka.connect.data.Schema.STRING_SCHEMA);
        }
        org.apache.kafka.connect.data.Schema apacheValueSchema = apacheSchema.build();
        org.apache.kafka.connect.data.Struct apacheValue = new org.apache.kafka.connect.data.Struct(apacheValueSchema);
        for (int i = 0; i < 10; i++) {
            apacheValue.put("f" + i, i % 2 == 0 ? (Object) (1_000_000L * i) : "value-" + i);
        }
        apacheRecords = new org.apache.kafka.connect.source.SourceRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            apacheRecords[i] = new org.apache.kafka.connect.source.SourceRecord(
                    Map.of("p", 0),
                    Map.of("o", i),
                    "orders",
                    0,
                    null,
                    null,
                    apacheValueSchema,
                    apacheValue,
                    TIMESTAMP + 997L * i);
        }
        checkSameResult();
    }

    /** Both chains must do the same work, or the comparison means nothing. */
    private void checkSameResult() {
        SourceRecord ours = kanal();
        org.apache.kafka.connect.source.SourceRecord theirs = apache();
        next = 0;
        String ourValue = ours.value().toString();
        String theirValue = theirs.value().toString();
        if (!ours.topic().equals(theirs.topic()) || !ourValue.equals(theirValue)) {
            throw new IllegalStateException("the chains disagree: " + ours.topic() + " " + ourValue + " vs "
                    + theirs.topic() + " " + theirValue);
        }
    }

    private static Transformation<SourceRecord> configure(
            Transformation<SourceRecord> transform, Map<String, String> config) {
        transform.configure(transform.configSpec().parse(config));
        return transform;
    }

    private static org.apache.kafka.connect.transforms.Transformation<org.apache.kafka.connect.source.SourceRecord>
            configure(
                    org.apache.kafka.connect.transforms.Transformation<org.apache.kafka.connect.source.SourceRecord>
                            transform,
                    Map<String, String> config) {
        transform.configure(config);
        return transform;
    }

    /**
     * Kanal's chain.
     *
     * @return the transformed record, for the blackhole
     */
    @Benchmark
    public SourceRecord kanal() {
        SourceRecord record = kanalRecords[next++ & (RECORDS - 1)];
        for (Transformation<SourceRecord> transform : kanal) {
            record = transform.apply(record);
        }
        return record;
    }

    /**
     * Apache Kafka Connect's chain.
     *
     * @return the transformed record, for the blackhole
     */
    @Benchmark
    public org.apache.kafka.connect.source.SourceRecord apache() {
        org.apache.kafka.connect.source.SourceRecord record = apacheRecords[next++ & (RECORDS - 1)];
        for (org.apache.kafka.connect.transforms.Transformation<org.apache.kafka.connect.source.SourceRecord>
                transform : apache) {
            record = transform.apply(record);
        }
        return record;
    }
}
