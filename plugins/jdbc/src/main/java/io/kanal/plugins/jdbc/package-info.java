/**
 * JDBC connectors: {@code source} reads tables (bulk, incrementing, timestamp, custom query) into topics, {@code sink}
 * writes records into tables (insert, upsert, update, deletes on tombstones). {@code connection} holds the connection
 * keys both share. PostgreSQL is the database they are built and tested against.
 */
package io.kanal.plugins.jdbc;
