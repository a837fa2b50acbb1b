package io.kanal.plugins.jdbc.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table as the JDBC metadata names it.
 *
 * @param catalog its catalog, or empty when the database has none to report (PostgreSQL)
 * @param schema its schema, or empty
 * @param name its name
 */
public record TableId(String catalog, String schema, String name) {

    /**
     * Normalises absent parts to empty.
     *
     * @param catalog its catalog, or {@code null}/empty
     * @param schema its schema, or {@code null}/empty
     * @param name its name
     */
    public TableId {
        catalog = catalog == null ? "" : catalog;
        schema = schema == null ? "" : schema;
        Objects.requireNonNull(name, "name");
    }

    /**
     * The dotted name without quotes, of the parts present: {@code catalog.schema.name}, {@code schema.name} or {@code
     * name}. It is the {@code table} of the source partition, as the established connector writes it.
     *
     * @return the qualified name
     */
    public String qualifiedName() {
        List<String> parts = new ArrayList<>(3);
        if (!catalog.isEmpty()) {
            parts.add(catalog);
        }
        if (!schema.isEmpty()) {
            parts.add(schema);
        }
        parts.add(name);
        return String.join(".", parts);
    }

    /**
     * Whether a {@code table.whitelist}/{@code table.blacklist} entry names this table: by name alone, by {@code
     * schema.name}, or fully qualified.
     *
     * @param entry an entry of the list
     * @return {@code true} when it names this table
     */
    public boolean matches(String entry) {
        return entry.equals(name)
                || (!schema.isEmpty() && entry.equals(schema + "." + name))
                || entry.equals(qualifiedName());
    }

    /**
     * The name to write in SQL: each part quoted with the database's identifier quote.
     *
     * @param quote the identifier quote ({@link java.sql.DatabaseMetaData#getIdentifierQuoteString()}; a blank one
     *     means the database does not quote)
     * @return for example {@code "public"."orders"}
     */
    public String sql(String quote) {
        StringBuilder sql = new StringBuilder();
        if (!catalog.isEmpty()) {
            sql.append(quote(catalog, quote)).append('.');
        }
        if (!schema.isEmpty()) {
            sql.append(quote(schema, quote)).append('.');
        }
        return sql.append(quote(name, quote)).toString();
    }

    /**
     * Quotes one identifier, doubling the quote characters inside it.
     *
     * @param identifier the identifier
     * @param quote the identifier quote, blank for none
     * @return the quoted identifier
     */
    public static String quote(String identifier, String quote) {
        if (quote == null || quote.isBlank()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /**
     * The source partition of this table's records: {@code {"protocol": "1", "table": "<qualified name>"}}, the
     * established connector's current form, so that its stored offsets resume here.
     *
     * @return the partition
     */
    public Map<String, String> partition() {
        return Map.of(SourceOffsets.PROTOCOL_KEY, SourceOffsets.PROTOCOL_V1, SourceOffsets.TABLE_KEY, qualifiedName());
    }

    /**
     * Other partitions the established connector may have stored this table's offsets under, read on start, in
     * order, when {@link #partition()} has no offset (never written): the current form without the catalog (older
     * PostgreSQL drivers reported none, newer ones report the database), then its first form, {@code {"table":
     * "<name>"}}.
     *
     * @return the fallback partitions
     */
    public List<Map<String, String>> fallbackPartitions() {
        List<Map<String, String>> partitions = new ArrayList<>(2);
        if (!catalog.isEmpty()) {
            partitions.add(new TableId("", schema, name).partition());
        }
        partitions.add(Map.of(SourceOffsets.TABLE_KEY, name));
        return partitions;
    }

    /**
     * Writes tables into one task configuration value, unambiguously whatever characters the names hold.
     *
     * @param tables the tables
     * @return the encoded list
     */
    public static String encode(List<TableId> tables) {
        List<String> encoded = new ArrayList<>(tables.size());
        for (TableId table : tables) {
            encoded.add(escape(table.catalog) + "." + escape(table.schema) + "." + escape(table.name));
        }
        return String.join(",", encoded);
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param encoded the encoded list
     * @return the tables
     * @throws IllegalArgumentException when the value was not written by {@link #encode}
     */
    public static List<TableId> decode(String encoded) {
        List<TableId> tables = new ArrayList<>();
        if (encoded.isEmpty()) {
            return tables;
        }
        for (String entry : encoded.split(",", -1)) {
            String[] parts = entry.split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not an encoded table: '" + entry + "'");
            }
            tables.add(new TableId(unescape(parts[0]), unescape(parts[1]), unescape(parts[2])));
        }
        return tables;
    }

    private static String escape(String part) {
        return part.replace("%", "%25").replace(".", "%2E").replace(",", "%2C");
    }

    private static String unescape(String part) {
        StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%' && i + 2 < part.length()) {
                out.append((char) Integer.parseInt(part.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
