/**
 * SQL for PostgreSQL: identifier quoting, {@code CREATE TABLE}, {@code ALTER TABLE ... ADD COLUMN}, {@code INSERT},
 * {@code INSERT ... ON CONFLICT DO UPDATE}, {@code UPDATE} and {@code DELETE}, the column type of each data model
 * schema, and the binding of data model values to statement parameters. Stateless: every class here is thread-safe.
 */
package io.kanal.plugins.jdbc.dialect;
