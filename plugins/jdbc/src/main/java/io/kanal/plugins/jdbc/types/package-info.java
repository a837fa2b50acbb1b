/**
 * How SQL columns become Kanal's data model: one {@link io.kanal.plugins.jdbc.types.ColumnMapping} per column (its
 * schema and how to read its value from a {@link java.sql.ResultSet}), gathered into a row's struct by {@link
 * io.kanal.plugins.jdbc.types.RowMapper}. Independent of the connectors, so the source and the sink share it.
 */
package io.kanal.plugins.jdbc.types;
