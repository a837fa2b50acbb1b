package io.kanal.bridge.transform;

import io.kanal.api.connector.ConnectRecord;
import io.kanal.api.connector.Versioned;
import io.kanal.api.transform.Predicate;
import io.kanal.bridge.data.ConnectFailures;
import io.kanal.config.ConfigSpec;
import io.kanal.config.ParsedConfig;

/**
 * A Connect {@code Predicate} as Kanal's {@link Predicate}: each record is translated once to Connect's record of the
 * same kind and tested. Configured with every key as the user wrote it but {@code type}, as Connect's worker does.
 *
 * <p>Owned by one task thread, as every Kanal predicate ({@link #configSpec()} may run on any thread).
 *
 * @param <R> the Kanal record type
 */
public final class BridgedPredicate<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    private final org.apache.kafka.connect.transforms.predicates.Predicate<?> predicate;
    private final ConnectRecords records = new ConnectRecords();

    /**
     * @param predicate a new Connect predicate
     */
    public BridgedPredicate(org.apache.kafka.connect.transforms.predicates.Predicate<?> predicate) {
        this.predicate = predicate;
    }

    /** @return the Connect predicate */
    public org.apache.kafka.connect.transforms.predicates.Predicate<?> predicate() {
        return predicate;
    }

    @Override
    public String version() {
        return predicate.version();
    }

    @Override
    public ConfigSpec configSpec() {
        return ConnectRecords.spec(predicate.config(), predicate);
    }

    @Override
    public void configure(ParsedConfig config) {
        predicate.configure(config.originals());
    }

    @Override
    public boolean test(R record) {
        org.apache.kafka.connect.connector.ConnectRecord<?> given = records.toConnect(record);
        return ConnectFailures.translated(() -> testOn(predicate, given));
    }

    @Override
    public void close() {
        predicate.close();
    }

    private static <C extends org.apache.kafka.connect.connector.ConnectRecord<C>> boolean testOn(
            org.apache.kafka.connect.transforms.predicates.Predicate<C> predicate,
            org.apache.kafka.connect.connector.ConnectRecord<?> record) {
        @SuppressWarnings("unchecked") // the predicate takes any record of Connect's two kinds
        C typed = (C) record;
        return predicate.test(typed);
    }
}
