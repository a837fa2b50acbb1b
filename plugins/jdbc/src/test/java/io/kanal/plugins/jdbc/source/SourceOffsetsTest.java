package io.kanal.plugins.jdbc.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.errors.DataException;
import io.kanal.plugins.jdbc.dialect.TableId;
import io.kanal.plugins.jdbc.source.SourceOffsets.Position;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {

    @Test
    void positionsHaveTheEstablishedConnectorsOffsetShape() {
        Instant ts = Instant.parse("2026-12-05T08:30:00.123456Z");
        Map<String, Object> map = new Position(Optional.of(42L), Optional.of(ts)).toMap();
        assertThat(map)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("incrementing", 42L, "timestamp", ts.toEpochMilli(), "timestamp_nanos", 123_456_000L));
        assertThat(Position.fromMap(map)).isEqualTo(new Position(Optional.of(42L), Optional.of(ts)));
        assertThat(new Position(Optional.of(7L), Optional.empty()).toMap()).isEqualTo(Map.of("incrementing", 7L));
    }

    @Test
    void timestampsBeforeTheEpochRoundTrip() {
        Instant ts = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(Position.fromMap(new Position(Optional.empty(), Optional.of(ts)).toMap())
                        .timestamp())
                .contains(ts);
    }

    @Test
    void offsetsFromAJsonStoreMayHoldIntegersAndMayLackTheNanos() {
        assertThat(Position.fromMap(Map.of("incrementing", 5)).incrementing()).contains(5L);
        assertThat(Position.fromMap(Map.of("timestamp", 1500L)).timestamp()).contains(Instant.ofEpochMilli(1500));
        assertThat(Position.fromMap(null)).isEqualTo(Position.START);
        assertThat(Position.fromMap(Map.of())).isEqualTo(Position.START);
    }

    @Test
    void malformedOffsetsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> Position.fromMap(Map.of("incrementing", "5")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'incrementing'");
        assertThatThrownBy(() -> Position.fromMap(Map.of("timestamp", 1L, "timestamp_nanos", 2_000_000_000L)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'timestamp_nanos'");
    }

    @Test
    void tablePartitionsAreQualifiedWithTheProtocolVersion() {
        TableId table = new TableId(null, "public", "orders");
        assertThat(SourceOffsets.partition(table)).isEqualTo(Map.of("protocol", "1", "table", "public.orders"));
        assertThat(SourceOffsets.fallbackPartitions(table)).containsExactly(Map.of("table", "orders"));
        assertThat(SourceOffsets.fallbackPartitions(new TableId("postgres", "public", "orders")))
                .containsExactly(Map.of("protocol", "1", "table", "public.orders"), Map.of("table", "orders"));
        assertThat(new TableId("db", "s", "t").qualifiedName()).isEqualTo("db.s.t");
        assertThat(SourceOffsets.QUERY_PARTITION).isEqualTo(Map.of("query", "query"));
    }

    @Test
    void tableListEntriesMatchByNameOrQualifiedName() {
        TableId table = new TableId("", "public", "orders");
        assertThat(table.matches("orders")).isTrue();
        assertThat(table.matches("public.orders")).isTrue();
        assertThat(table.matches("other.orders")).isFalse();
        assertThat(table.matches("order")).isFalse();
    }

    @Test
    void tablesSurviveTheTaskConfigurationWhateverTheirNames() {
        List<TableId> tables = List.of(
                new TableId("", "public", "a.b,c%2E"), new TableId("cat", "", "plain"), new TableId("", "s", "%"));
        assertThat(TableId.decode(TableId.encode(tables))).isEqualTo(tables);
        assertThat(TableId.decode("")).isEmpty();
    }

    @Test
    void identifiersAreQuotedWithEmbeddedQuotesDoubled() {
        assertThat(new TableId("", "public", "we\"ird").sql("\"")).isEqualTo("\"public\".\"we\"\"ird\"");
        assertThat(TableId.quote("col", "")).isEqualTo("col");
    }

    @Test
    void timestampModeKeepsTheOffsetBehindAGroupOfEqualTimestampsUntilItsLastRow() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        Instant t1 = Instant.ofEpochSecond(100);
        Instant t2 = Instant.ofEpochSecond(200);
        Position before = new Position(Optional.empty(), Optional.of(Instant.ofEpochSecond(50)));
        Querier.Row a = row(schema, 1, t1);
        Querier.Row b = row(schema, 2, t1);
        Querier.Row c = row(schema, 3, t2);
        TimestampQuerier querier =
                new TimestampQuerier(QueryTarget.ofQuery("SELECT 1", "t"), null, List.of("ts"), Position.START);
        Position afterA = querier.advance(before, a, b);
        assertThat(afterA).isEqualTo(before); // b shares a's timestamp: resuming at t1 would skip b
        Position afterB = querier.advance(afterA, b, c);
        assertThat(afterB.timestamp()).contains(t1);
        assertThat(querier.advance(afterB, c, null).timestamp()).contains(t2);
    }

    private static Querier.Row row(Schema schema, int id, Instant ts) {
        return new Querier.Row(new Struct(schema).put("id", id), new Position(Optional.empty(), Optional.of(ts)));
    }
}
