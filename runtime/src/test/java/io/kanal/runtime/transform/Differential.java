package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kanal.api.data.ApacheData;
import io.kanal.api.errors.PluginException;
import io.kanal.api.source.SourceRecord;
import io.kanal.api.transform.Transformation;
import io.kanal.config.ConfigException;
import io.kanal.config.ParsedConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Differential test harness: runs the same configurations and records through one of Apache Kafka Connect's
 * transforms and through Kanal's counterpart, and requires the same outcome for every record: an equal record
 * (topic, partition, key and value with their schemas, timestamp, headers), or a failure of the same kind (a
 * configuration error, or a data error with, unless relaxed, the same message).
 *
 * <p>Records are written in Kanal's data model and mapped onto Apache's with {@link ApacheData}; results are
 * compared in Apache's model. Where Apache fails with something other than a config or data error (a {@code
 * NullPointerException}, say: a Connect bug), Kanal must fail with one of those two. A Kanal exception of any other
 * kind fails the test: Kanal never lets a {@code NullPointerException} or {@code ClassCastException} out.
 *
 * <p>Each configuration gets one fresh instance on each side, which then sees the records in order (so schema
 * caches are exercised). Not thread-safe; use one per test.
 */
public final class Differential {

    /** How a run ended. */
    public enum Kind {
        /** A record (or {@code null}, the record dropped) came out. */
        RECORD,
        /** The configuration was refused. */
        CONFIG_ERROR,
        /** The record was refused. */
        DATA_ERROR,
        /** Anything else was thrown: a bug on that side. */
        OTHER_ERROR
    }

    /**
     * One side's outcome for one record.
     *
     * @param kind how it ended
     * @param message the failure's message, or null
     * @param record the result in Apache's model (null when it failed or dropped the record)
     * @param failure what was thrown, or null
     */
    public record Outcome(
            Kind kind, String message, org.apache.kafka.connect.source.SourceRecord record, Throwable failure) {
        @Override
        public String toString() {
            return kind
                    + (message == null ? "" : " [" + message + "]")
                    + (record == null ? "" : " " + record)
                    + (failure == null || kind != Kind.OTHER_ERROR ? "" : " " + failure);
        }
    }

    /**
     * Both sides' outcomes for one record under one configuration.
     *
     * @param config the configuration
     * @param input the record fed to both sides
     * @param apache Apache's outcome
     * @param kanal Kanal's outcome
     */
    public record Comparison(Map<String, ?> config, SourceRecord input, Outcome apache, Outcome kanal) {}

    private final Supplier<? extends Transformation<SourceRecord>> kanal;
    private final Supplier<
                    ? extends
                            org.apache.kafka.connect.transforms.Transformation<
                                    org.apache.kafka.connect.source.SourceRecord>>
            apache;
    private boolean compareMessages = true;
    private final List<Comparison> comparisons = new ArrayList<>();

    private Differential(
            Supplier<? extends Transformation<SourceRecord>> kanal,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.Transformation<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apache) {
        this.kanal = kanal;
        this.apache = apache;
    }

    /**
     * A harness for one transform.
     *
     * @param kanal makes a Kanal instance, for example {@code Cast.Value::new}
     * @param apache makes the Apache instance, for example {@code org.apache.kafka.connect.transforms.Cast.Value::new}
     * @return the harness
     */
    public static Differential of(
            Supplier<? extends Transformation<SourceRecord>> kanal,
            Supplier<
                            ? extends
                                    org.apache.kafka.connect.transforms.Transformation<
                                            org.apache.kafka.connect.source.SourceRecord>>
                    apache) {
        return new Differential(kanal, apache);
    }

    /**
     * Compares only the kind of data errors, not their messages, from now on: for failures whose Apache message
     * names an Apache class, or that Apache raises as a bug.
     *
     * @return this harness
     */
    public Differential ignoringMessages() {
        this.compareMessages = false;
        return this;
    }

    /**
     * Compares messages of data errors again (the default).
     *
     * @return this harness
     */
    public Differential comparingMessages() {
        this.compareMessages = true;
        return this;
    }

    /**
     * Runs records through both sides under one configuration and asserts equal outcomes.
     *
     * @param config the transform's configuration, as strings or typed values
     * @param records the records, in order, through one instance per side
     * @return the comparisons, for further assertions
     */
    public List<Comparison> check(Map<String, ?> config, SourceRecord... records) {
        List<Comparison> results = run(config, records);
        results.forEach(this::assertSame);
        comparisons.addAll(results);
        return results;
    }

    /**
     * Runs records through both sides under one configuration without asserting anything, for the documented
     * cases where Kanal deliberately differs.
     *
     * @param config the transform's configuration
     * @param records the records, in order, through one instance per side
     * @return the comparisons
     */
    public List<Comparison> run(Map<String, ?> config, SourceRecord... records) {
        List<Comparison> results = new ArrayList<>();
        Runner<SourceRecord> kanalSide = kanalRunner(config);
        Runner<org.apache.kafka.connect.source.SourceRecord> apacheSide = apacheRunner(config);
        for (SourceRecord record : records) {
            org.apache.kafka.connect.source.SourceRecord apacheInput = toApache(record);
            Outcome apacheOutcome = apacheSide.run(apacheInput);
            // Kanal gets the record mapped back from Apache's, so both sides see the same collection classes.
            Outcome kanalOutcome = kanalSide.run(fromApache(toApache(record)));
            results.add(new Comparison(config, record, apacheOutcome, kanalOutcome));
        }
        return results;
    }

    /**
     * Maps an Apache source record onto Kanal's.
     *
     * @param record an Apache record
     * @return Kanal's, with the same source partition and offset
     */
    public static SourceRecord fromApache(org.apache.kafka.connect.source.SourceRecord record) {
        return new SourceRecord(
                record.sourcePartition(),
                record.sourceOffset(),
                record.topic(),
                record.kafkaPartition(),
                ApacheData.schemaFromApache(record.keySchema()),
                ApacheData.valueFromApache(record.key()),
                ApacheData.schemaFromApache(record.valueSchema()),
                ApacheData.valueFromApache(record.value()),
                record.timestamp(),
                ApacheData.headersFromApache(record.headers()));
    }

    /**
     * Every comparison made so far.
     *
     * @return the comparisons, in order
     */
    public List<Comparison> comparisons() {
        return List.copyOf(comparisons);
    }

    /**
     * Maps a Kanal source record onto Apache's.
     *
     * @param record a Kanal record
     * @return Apache's, with the same source partition and offset
     */
    public static org.apache.kafka.connect.source.SourceRecord toApache(SourceRecord record) {
        return new org.apache.kafka.connect.source.SourceRecord(
                record.sourcePartition(),
                record.sourceOffset(),
                record.topic(),
                record.kafkaPartition(),
                ApacheData.schemaToApache(record.keySchema()),
                ApacheData.valueToApache(record.key()),
                ApacheData.schemaToApache(record.valueSchema()),
                ApacheData.valueToApache(record.value()),
                record.timestamp(),
                ApacheData.headersToApache(record.headers()));
    }

    private void assertSame(Comparison comparison) {
        Outcome a = comparison.apache();
        Outcome k = comparison.kanal();
        String context = "config " + comparison.config() + ", record " + comparison.input() + "\n  apache: " + a
                + "\n  kanal:  " + k;
        if (k.kind() == Kind.OTHER_ERROR) {
            fail("Kanal threw something other than a config or data error: " + context, k.failure());
        }
        switch (a.kind()) {
            case RECORD -> {
                assertThat(k.kind()).as(context).isEqualTo(Kind.RECORD);
                assertRecordsEqual(a.record(), k.record(), context);
            }
            case CONFIG_ERROR -> assertThat(k.kind()).as(context).isEqualTo(Kind.CONFIG_ERROR);
            case DATA_ERROR -> {
                assertThat(k.kind()).as(context).isEqualTo(Kind.DATA_ERROR);
                if (compareMessages) {
                    assertThat(k.message()).as(context).isEqualTo(a.message());
                }
            }
            case OTHER_ERROR ->
                // A Connect bug: Kanal must refuse the same input, properly.
                assertThat(k.kind()).as(context).isIn(Kind.CONFIG_ERROR, Kind.DATA_ERROR);
        }
    }

    private static void assertRecordsEqual(
            org.apache.kafka.connect.source.SourceRecord expected,
            org.apache.kafka.connect.source.SourceRecord actual,
            String context) {
        if (expected == null || actual == null) {
            assertThat(actual).as(context).isEqualTo(expected);
            return;
        }
        assertThat(actual.topic()).as("topic: " + context).isEqualTo(expected.topic());
        assertThat(actual.kafkaPartition()).as("partition: " + context).isEqualTo(expected.kafkaPartition());
        assertThat(actual.keySchema()).as("key schema: " + context).isEqualTo(expected.keySchema());
        assertThat(deepEquals(actual.key(), expected.key()))
                .as("key: " + context)
                .isTrue();
        assertThat(actual.valueSchema()).as("value schema: " + context).isEqualTo(expected.valueSchema());
        assertThat(deepEquals(actual.value(), expected.value()))
                .as("value: " + context)
                .isTrue();
        assertThat(actual.timestamp()).as("timestamp: " + context).isEqualTo(expected.timestamp());
        assertThat(actual.headers().size())
                .as("headers: " + context)
                .isEqualTo(expected.headers().size());
        Iterator<org.apache.kafka.connect.header.Header> left = actual.headers().iterator();
        Iterator<org.apache.kafka.connect.header.Header> right =
                expected.headers().iterator();
        while (left.hasNext()) {
            org.apache.kafka.connect.header.Header l = left.next();
            org.apache.kafka.connect.header.Header r = right.next();
            assertThat(l.key()).as("header key: " + context).isEqualTo(r.key());
            assertThat(l.schema()).as("header schema: " + context).isEqualTo(r.schema());
            assertThat(deepEquals(l.value(), r.value()))
                    .as("header value: " + context)
                    .isTrue();
        }
    }

    /**
     * Equality that looks into byte arrays, buffers, lists and maps (Connect's structs already compare deeply).
     *
     * @param a a value
     * @param b another value
     * @return whether they are equal
     */
    public static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof ByteBuffer x && b instanceof ByteBuffer y) {
            return x.equals(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !deepEquals(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** One side, configured once. */
    private interface Runner<R> {
        Outcome run(R record);
    }

    private Runner<SourceRecord> kanalRunner(Map<String, ?> config) {
        Transformation<SourceRecord> transform = kanal.get();
        try {
            ParsedConfig parsed = transform.configSpec().parse(config);
            transform.configure(parsed);
        } catch (RuntimeException failure) {
            Outcome outcome = kanalFailure(failure);
            return record -> outcome;
        }
        return record -> {
            try {
                SourceRecord result = transform.apply(record);
                return new Outcome(Kind.RECORD, null, result == null ? null : toApache(result), null);
            } catch (RuntimeException failure) {
                return kanalFailure(failure);
            }
        };
    }

    private static Outcome kanalFailure(RuntimeException failure) {
        Kind kind;
        if (failure instanceof ConfigException) {
            kind = Kind.CONFIG_ERROR;
        } else if (failure instanceof PluginException) {
            kind = Kind.DATA_ERROR;
        } else {
            kind = Kind.OTHER_ERROR;
        }
        return new Outcome(kind, failure.getMessage(), null, failure);
    }

    private Runner<org.apache.kafka.connect.source.SourceRecord> apacheRunner(Map<String, ?> config) {
        org.apache.kafka.connect.transforms.Transformation<org.apache.kafka.connect.source.SourceRecord> transform =
                apache.get();
        try {
            transform.configure(config);
        } catch (RuntimeException failure) {
            Outcome outcome = apacheFailure(failure);
            return record -> outcome;
        }
        return record -> {
            try {
                return new Outcome(Kind.RECORD, null, transform.apply(record), null);
            } catch (RuntimeException failure) {
                return apacheFailure(failure);
            }
        };
    }

    private static Outcome apacheFailure(RuntimeException failure) {
        Kind kind;
        if (failure instanceof org.apache.kafka.common.config.ConfigException) {
            kind = Kind.CONFIG_ERROR;
        } else if (failure instanceof org.apache.kafka.connect.errors.ConnectException) {
            kind = Kind.DATA_ERROR;
        } else {
            kind = Kind.OTHER_ERROR;
        }
        return new Outcome(kind, failure.getMessage(), null, failure);
    }

    /**
     * A record with a value only, on topic {@code t}, partition 0, timestamp 42.
     *
     * @param valueSchema the value schema, or null
     * @param value the value
     * @return the record
     */
    public static SourceRecord valueRecord(io.kanal.api.data.Schema valueSchema, Object value) {
        return new SourceRecord(
                Map.of(), Map.of(), "t", 0, null, null, valueSchema, value, 42L, io.kanal.api.data.Headers.empty());
    }

    /**
     * A record with a key and a value, on topic {@code t}, partition 0, timestamp 42.
     *
     * @param keySchema the key schema, or null
     * @param key the key
     * @param valueSchema the value schema, or null
     * @param value the value
     * @return the record
     */
    public static SourceRecord record(
            io.kanal.api.data.Schema keySchema, Object key, io.kanal.api.data.Schema valueSchema, Object value) {
        return new SourceRecord(
                Map.of(),
                Map.of(),
                "t",
                0,
                keySchema,
                key,
                valueSchema,
                value,
                42L,
                io.kanal.api.data.Headers.empty().add("h", io.kanal.api.data.Schema.STRING_SCHEMA, "v"));
    }
}
