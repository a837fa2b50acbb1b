package io.kanal.plugins.jdbc.sink;

import io.kanal.api.errors.DataException;
import io.kanal.api.sink.ErrantRecordReporter;
import io.kanal.api.sink.SinkRecord;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Reports the records of a put that cannot be written, each once, to the runtime's errant record reporter (and so to
 * the errors policy: the dead letter queue, a log, or failing the task). Without a reporter, the first one fails the
 * put with a {@link DataException}. Either way the error names the record by topic, partition and offset, never by
 * its values.
 *
 * <p>Threading: owned by the task's thread; {@link #clear()} starts each put.
 */
final class ErrantRecords {

    private final ErrantRecordReporter reporter;
    private final Set<SinkRecord> reported = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param reporter the context's reporter, or null when the runtime gives none
     */
    ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    /** Forgets the records reported in the previous put. */
    void clear() {
        reported.clear();
    }

    /**
     * Whether a record of this put was reported already.
     *
     * @param record the record
     * @return {@code true} when it was
     */
    boolean wasReported(SinkRecord record) {
        return reported.contains(record);
    }

    /** @return how many records of this put were reported */
    int count() {
        return reported.size();
    }

    /**
     * Reports a record once.
     *
     * @param record the record
     * @param where the table, or what was being done, for the message
     * @param reason why it cannot be written, without values
     * @param cause the exception behind it, or null when quoting it could show values
     * @throws DataException when there is no reporter
     */
    void report(SinkRecord record, String where, String reason, Throwable cause) {
        if (!reported.add(record)) {
            return;
        }
        DataException error = new DataException(
                "cannot write the record at " + record.topic() + "/" + record.kafkaPartition() + "/"
                        + record.kafkaOffset() + " " + where + ": " + reason,
                cause);
        if (reporter == null) {
            throw error;
        }
        // The runtime tracks the future: the record's offset is committed only once the report is done.
        reporter.report(record, error);
    }
}
