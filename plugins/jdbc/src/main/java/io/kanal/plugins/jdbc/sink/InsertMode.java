package io.kanal.plugins.jdbc.sink;

/** How the sink writes a record: {@code insert.mode}. Immutable. */
public enum InsertMode {
    /** A plain {@code INSERT}: a row that exists already is an error for that record. */
    INSERT,
    /** {@code INSERT ... ON CONFLICT (key) DO UPDATE}: inserts or overwrites the row with the record's key. */
    UPSERT,
    /** {@code UPDATE ... WHERE key = ?}: changes the row with the record's key; no row, no change. */
    UPDATE
}
