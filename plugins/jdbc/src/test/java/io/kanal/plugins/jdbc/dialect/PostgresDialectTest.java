package io.kanal.plugins.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Date;
import io.kanal.api.data.Decimal;
import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Time;
import io.kanal.api.data.Timestamp;
import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDialectTest {

    private static final TableId ORDERS = TableId.parse("orders");

    @Test
    void quotesIdentifiersAndDoublesQuotes() {
        assertThat(PostgresDialect.quote("Order")).isEqualTo("\"Order\"");
        assertThat(PostgresDialect.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(PostgresDialect.tableName(TableId.parse("shop.orders"))).isEqualTo("\"shop\".\"orders\"");
        assertThatThrownBy(() -> PostgresDialect.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTableNamesWithSchemaAndDatabase() {
        assertThat(TableId.parse("orders")).isEqualTo(new TableId("", "", "orders"));
        assertThat(TableId.parse("shop.orders")).isEqualTo(new TableId("", "shop", "orders"));
        assertThat(TableId.parse("db.shop.orders")).isEqualTo(new TableId("", "shop", "orders"));
        assertThatThrownBy(() -> TableId.parse("a.b.c.d")).hasMessageContaining("more than three");
        assertThatThrownBy(() -> TableId.parse("shop.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TableId.parse(".orders")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TableId.parse("db.shop.orders")).hasToString("shop.orders");
    }

    @Test
    void createsTableWithTypesNullabilityDefaultsAndKey() {
        String sql = PostgresDialect.createTable(
                ORDERS,
                List.of(
                        new ColumnDefinition("id", Schema.INT64_SCHEMA),
                        new ColumnDefinition("name", Schema.OPTIONAL_STRING_SCHEMA),
                        new ColumnDefinition(
                                "status",
                                SchemaBuilder.string().defaultValue("it's new").build()),
                        new ColumnDefinition("price", Decimal.schema(2)),
                        new ColumnDefinition("day", Date.SCHEMA),
                        new ColumnDefinition("at", Time.SCHEMA),
                        new ColumnDefinition("ts", Timestamp.SCHEMA),
                        new ColumnDefinition("blob", Schema.OPTIONAL_BYTES_SCHEMA),
                        new ColumnDefinition(
                                "tags",
                                SchemaBuilder.array(Schema.STRING_SCHEMA)
                                        .optional()
                                        .build())),
                List.of("id"));
        assertThat(sql)
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"orders\" (\"id\" BIGINT NOT NULL, \"name\" TEXT,"
                        + " \"status\" TEXT DEFAULT 'it''s new' NOT NULL, \"price\" NUMERIC NOT NULL,"
                        + " \"day\" DATE NOT NULL, \"at\" TIME NOT NULL, \"ts\" TIMESTAMP NOT NULL, \"blob\" BYTEA,"
                        + " \"tags\" TEXT[], PRIMARY KEY (\"id\"))");
    }

    @Test
    void mapsEveryPrimitiveType() {
        assertThat(PostgresTypes.sqlType("c", Schema.INT8_SCHEMA)).isEqualTo("SMALLINT");
        assertThat(PostgresTypes.sqlType("c", Schema.INT16_SCHEMA)).isEqualTo("SMALLINT");
        assertThat(PostgresTypes.sqlType("c", Schema.INT32_SCHEMA)).isEqualTo("INTEGER");
        assertThat(PostgresTypes.sqlType("c", Schema.FLOAT32_SCHEMA)).isEqualTo("REAL");
        assertThat(PostgresTypes.sqlType("c", Schema.FLOAT64_SCHEMA)).isEqualTo("DOUBLE PRECISION");
        assertThat(PostgresTypes.sqlType("c", Schema.BOOLEAN_SCHEMA)).isEqualTo("BOOLEAN");
        assertThatThrownBy(() -> PostgresTypes.sqlType(
                        "addr",
                        SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'addr'");
        assertThatThrownBy(() -> PostgresTypes.sqlType(
                        "m",
                        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
                                .build()))
                .isInstanceOf(DataException.class);
    }

    @Test
    void defaultLiteralsOnlyForSafeValues() {
        assertThat(PostgresTypes.defaultLiteral(
                        SchemaBuilder.int32().defaultValue(7).build()))
                .contains("7");
        assertThat(PostgresTypes.defaultLiteral(
                        SchemaBuilder.bool().defaultValue(true).build()))
                .contains("TRUE");
        assertThat(PostgresTypes.defaultLiteral(
                        SchemaBuilder.float64().defaultValue(Double.NaN).build()))
                .isEmpty();
        assertThat(PostgresTypes.defaultLiteral(
                        Decimal.builder(2).defaultValue(new BigDecimal("1.50")).build()))
                .contains("1.50");
        assertThat(PostgresTypes.defaultLiteral(Schema.OPTIONAL_STRING_SCHEMA)).isEmpty();
    }

    @Test
    void addsColumnsWithTheirDefaults() {
        assertThat(PostgresDialect.addColumns(
                        ORDERS,
                        List.of(
                                new ColumnDefinition("note", Schema.OPTIONAL_STRING_SCHEMA),
                                new ColumnDefinition(
                                        "qty",
                                        SchemaBuilder.int32().defaultValue(1).build()))))
                .isEqualTo("ALTER TABLE \"orders\" ADD COLUMN IF NOT EXISTS \"note\" TEXT,"
                        + " ADD COLUMN IF NOT EXISTS \"qty\" INTEGER DEFAULT 1 NOT NULL");
    }

    @Test
    void writesInsertUpsertUpdateAndDelete() {
        assertThat(PostgresDialect.insert(ORDERS, List.of("id", "name")))
                .isEqualTo("INSERT INTO \"orders\" (\"id\", \"name\") VALUES (?, ?)");
        assertThat(PostgresDialect.upsert(ORDERS, List.of("id"), List.of("name", "qty")))
                .isEqualTo(
                        "INSERT INTO \"orders\" (\"id\", \"name\", \"qty\") VALUES (?, ?, ?)"
                                + " ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"qty\" = EXCLUDED.\"qty\"");
        assertThat(PostgresDialect.upsert(ORDERS, List.of("a", "b"), List.of()))
                .isEqualTo("INSERT INTO \"orders\" (\"a\", \"b\") VALUES (?, ?) ON CONFLICT (\"a\", \"b\") DO NOTHING");
        assertThat(PostgresDialect.update(ORDERS, List.of("a", "b"), List.of("name")))
                .isEqualTo("UPDATE \"orders\" SET \"name\" = ? WHERE \"a\" = ? AND \"b\" = ?");
        assertThat(PostgresDialect.delete(ORDERS, List.of("id"))).isEqualTo("DELETE FROM \"orders\" WHERE \"id\" = ?");
    }
}
