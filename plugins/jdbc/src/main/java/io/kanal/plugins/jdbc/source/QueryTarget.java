package io.kanal.plugins.jdbc.source;

import io.kanal.plugins.jdbc.dialect.TableId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one querier reads, and where its records go: a table, or the custom query.
 *
 * @param table the table, or empty for the custom query
 * @param query the custom query, or empty for a table
 * @param topic the topic of its records
 * @param partition the source partition of its records
 */
record QueryTarget(Optional<TableId> table, Optional<String> query, String topic, Map<String, String> partition) {

    QueryTarget {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(partition, "partition");
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("a target is a table or a query");
        }
    }

    static QueryTarget of(TableId table, String topicPrefix) {
        return new QueryTarget(
                Optional.of(table), Optional.empty(), topicPrefix + table.name(), SourceOffsets.partition(table));
    }

    static QueryTarget ofQuery(String query, String topic) {
        return new QueryTarget(Optional.empty(), Optional.of(query), topic, SourceOffsets.QUERY_PARTITION);
    }

    /** The struct schema's name: the table's name, none for a query (as the established connector does). */
    String schemaName() {
        return table.map(TableId::name).orElse(null);
    }

    /** For logs and messages: never the query's text, which may be long. */
    String describe() {
        return table.map(t -> "table " + t.qualifiedName()).orElse("the custom query");
    }

    /**
     * The relation to select from in SQL.
     *
     * @param quote the identifier quote
     * @param wrap whether a custom query is wrapped as a derived table (for criteria on its columns)
     * @return the table's quoted name, the query, or the query as a derived table
     */
    String from(String quote, boolean wrap) {
        if (table.isPresent()) {
            return table.get().sql(quote);
        }
        return wrap ? "(" + query.get() + ") " + TableId.quote("kanal_query", quote) : query.get();
    }
}
