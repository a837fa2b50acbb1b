/**
 * The JDBC source connector: {@link io.kanal.plugins.jdbc.source.JdbcSourceConnector} lists the tables and splits
 * them over tasks; each {@link io.kanal.plugins.jdbc.source.JdbcSourceTask} polls its tables through one querier per
 * table and mode on one connection; {@link io.kanal.plugins.jdbc.source.SourceOffsets} holds the partition and offset
 * shapes, which are those of the established JDBC source connector.
 */
package io.kanal.plugins.jdbc.source;
