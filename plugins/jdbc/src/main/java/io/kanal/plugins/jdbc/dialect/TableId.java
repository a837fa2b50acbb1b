package io.kanal.plugins.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table of both connectors: as the JDBC metadata names it (the source), or as {@code table.name.format} writes it
 * (the sink, {@link #parse}). Absent parts are empty: a table without a schema is in the connection's {@code
 * current_schema()}. Names are used as written, case included: they are always quoted in SQL.
 *
 * @param catalog its catalog (PostgreSQL's driver reports the database), or empty
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
     * @throws IllegalArgumentException when the name is empty
     */
    public TableId {
        catalog = catalog == null ? "" : catalog;
        schema = schema == null ? "" : schema;
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a table name cannot be empty");
        }
    }

    /**
     * Parses a table name as the sink's {@code table.name.format} produces it: {@code table}, {@code schema.table},
     * or {@code database.schema.table} (the database is the connection's, as PostgreSQL cannot write across
     * databases, so it is dropped), as the established JDBC sink reads it.
     *
     * @param name the name
     * @return the table
     * @throws IllegalArgumentException when a part is empty or there are more than three
     */
    public static TableId parse(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException(
                    "table name '" + name + "' has more than three dot-separated parts (database.schema.table)");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("table name '" + name + "' has an empty part");
            }
        }
        return switch (parts.length) {
            case 1 -> new TableId("", "", parts[0]);
            case 2 -> new TableId("", parts[0], parts[1]);
            default -> new TableId("", parts[1], parts[2]);
        };
    }

    /**
     * The dotted name without quotes, of the parts present: {@code catalog.schema.name}, {@code schema.name} or {@code
     * name}. It is the {@code table} of the source partition, as the established source connector writes it.
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

    /** Renders the table as {@link #qualifiedName()}: for messages and logs. */
    @Override
    public String toString() {
        return qualifiedName();
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
