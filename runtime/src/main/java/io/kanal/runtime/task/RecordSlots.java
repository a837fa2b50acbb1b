package io.kanal.runtime.task;

import io.kanal.runtime.invoke.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One batch of records on its way through the stages of a pipeline, by position: each slot holds the record as the
 * last stage left it, or nothing when a transform dropped it, or the failure of the stage where it failed. Stages
 * work on the live slots only, so one plugin call can serve a whole batch while each record keeps its own fate.
 *
 * <p>Owned by the task thread; mutable by design (one allocation per batch, not per record and stage).
 *
 * @param <R> the record type at the current stage
 */
final class RecordSlots<R> {

    private final List<R> records;
    private final Throwable[] errors;
    private final Stage[] stages;
    private final Class<?>[] classes;

    RecordSlots(List<R> records) {
        this.records = new ArrayList<>(records);
        int n = records.size();
        this.errors = new Throwable[n];
        this.stages = new Stage[n];
        this.classes = new Class<?>[n];
    }

    int size() {
        return records.size();
    }

    /** Whether the slot still has a record that no stage failed or dropped. */
    boolean live(int i) {
        return errors[i] == null && records.get(i) != null;
    }

    boolean dropped(int i) {
        return errors[i] == null && records.get(i) == null;
    }

    boolean failed(int i) {
        return errors[i] != null;
    }

    R get(int i) {
        return records.get(i);
    }

    void set(int i, R record) {
        records.set(i, record);
    }

    void fail(int i, Stage stage, Class<?> executingClass, Throwable error) {
        errors[i] = error;
        stages[i] = stage;
        classes[i] = executingClass;
    }

    /** Clears a failure after a retry succeeded (the retry wrote the slot's result). */
    void recover(int i) {
        errors[i] = null;
        stages[i] = null;
        classes[i] = null;
    }

    Throwable error(int i) {
        return errors[i];
    }

    Stage stage(int i) {
        return stages[i];
    }

    Class<?> executingClass(int i) {
        return classes[i];
    }

    /** The live records, in order (a view for logging and tests). */
    List<R> live() {
        List<R> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (live(i)) {
                out.add(records.get(i));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
