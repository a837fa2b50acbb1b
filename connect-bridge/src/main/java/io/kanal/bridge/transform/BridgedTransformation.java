package io.kanal.bridge.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.connector.Versioned;
import io.kanal.api.transform.Transformation;
import io.kanal.bridge.data.ConnectFailures;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * A Connect {@code Transformation} as Kanal's {@link Transformation}. Each record is translated once to Connect's
 * record of the same kind ({@code SourceRecord} in a source pipeline, {@code SinkRecord} in a sink one), transformed,
 * and its result translated back; a record the transform returns unchanged (the same object) stays the original
 * Kanal record, and {@code null} drops it. Configured with every key as the user wrote it, as Connect's worker does
 * (without {@code type}, {@code predicate} and {@code negate}, which Kanal's runtime keeps for itself).
 *
 * <p>Owned by one task thread, as every Kanal transform ({@link #configSpec()} may run on any thread).
 *
 * @param <R> the Kanal record type
 */
public final class BridgedTransformation<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private final org.apache.kafka.connect.transforms.Transformation<?> transformation;
    private final ConnectRecords records = new ConnectRecords();

    /**
     * @param transformation a new Connect transformation
     */
    public BridgedTransformation(org.apache.kafka.connect.transforms.Transformation<?> transformation) {
        this.transformation = transformation;
    }

    /** @return the Connect transformation */
    public org.apache.kafka.connect.transforms.Transformation<?> transformation() {
        return transformation;
    }

    @Override
    public String version() {
        return transformation.version();
    }

    @Override
    public ConfigSpec configSpec() {
        return ConnectRecords.spec(transformation.config(), transformation);
    }

    @Override
    public void configure(ParsedConfig config) {
        transformation.configure(config.originals());
    }

    @Override
    public R apply(R record) {
        org.apache.kafka.connect.connector.ConnectRecord<?> given = records.toConnect(record);
        return records.toKanal(record, given, ConnectFailures.translated(() -> applyTo(transformation, given)));
    }

    @Override
    public void close() {
        transformation.close();
    }

    /** Connect's transforms are typed by their record; the kind was chosen by the Kanal record, as Connect's worker. */
    private static <C extends org.apache.kafka.connect.connector.ConnectRecord<C>> C applyTo(
            org.apache.kafka.connect.transforms.Transformation<C> transformation,
            org.apache.kafka.connect.connector.ConnectRecord<?> record) {
        @SuppressWarnings("unchecked") // the transform takes any record of Connect's two kinds
        C typed = (C) record;
        return transformation.apply(typed);
    }
}
