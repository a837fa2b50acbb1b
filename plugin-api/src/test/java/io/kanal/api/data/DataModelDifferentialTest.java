package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.errors.DataException;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.statistics.Statistics;

/**
 * Kanal's data model against Apache Kafka Connect's on random schemas and values: the same values are valid, the same
 * things are equal, structs print the same, and the projector gives the same result or both fail. Kanal may only
 * fail with a {@link DataException}.
 */
class DataModelDifferentialTest {

    /** What happened on one side: the result, or that it failed (Apache may fail with anything). */
    private record Outcome(Object result, Throwable failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private static Outcome kanal(Supplier<Object> call) {
        try {
            return new Outcome(call.get(), null);
        } catch (DataException e) {
            return new Outcome(null, e);
        }
    }

    private static Outcome apache(Supplier<Object> call) {
        try {
            return new Outcome(call.get(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    @Provide
    Arbitrary<SchemaAndValue> anyPairs() {
        return DataArbitraries.schemasAndAnyValues();
    }

    @Property(tries = 2000)
    void validateValueAcceptsAndRejectsTheSame(@ForAll("anyPairs") SchemaAndValue pair) {
        Outcome ours = kanal(() -> {
            ConnectSchema.validateValue("f", pair.schema(), pair.value());
            return "valid";
        });
        org.apache.kafka.connect.data.Schema schema = ApacheData.schemaToApache(pair.schema());
        Object value = ApacheData.valueToApache(pair.value());
        Outcome theirs = apache(() -> {
            org.apache.kafka.connect.data.ConnectSchema.validateValue("f", schema, value);
            return "valid";
        });
        Statistics.label("validate").collect(theirs.failed() ? "invalid" : "valid");
        assertThat(ours.failed())
                .as("Kanal %s, Apache %s for %s", ours.failure(), theirs.failure(), pair)
                .isEqualTo(theirs.failed());
        if (ours.failed()) {
            // Same words as Connect's, so that logs and dead-letter headers read the same after a migration.
            // ApacheData copies lists and maps into its own classes, and structs are each side's own: the message names
            // them.
            String collection = "class java\\.util\\.[\\w$]+";
            assertThat(ours.failure().getMessage().replaceAll(collection, "class java.util.*"))
                    .isEqualTo(theirs.failure()
                            .getMessage()
                            .replaceAll(collection, "class java.util.*")
                            .replace("class org.apache.kafka.connect.data.Struct", "class io.kanal.api.data.Struct"));
        }
    }

    @Provide
    Arbitrary<Struct> anyStructs() {
        return DataArbitraries.structSchemas()
                .flatMap(s -> Arbitraries.frequencyOf(
                        Tuple.of(1, DataArbitraries.values(s)), Tuple.of(2, DataArbitraries.invalidValues(s))))
                .filter(v -> v instanceof Struct)
                .map(Struct.class::cast);
    }

    @Property(tries = 1000)
    void structValidateAgrees(@ForAll("anyStructs") Struct struct) {
        Outcome ours = kanal(() -> {
            struct.validate();
            return "valid";
        });
        org.apache.kafka.connect.data.Struct theirs =
                (org.apache.kafka.connect.data.Struct) ApacheData.valueToApache(struct);
        Outcome apacheOutcome = apache(() -> {
            theirs.validate();
            return "valid";
        });
        Statistics.label("struct").collect(apacheOutcome.failed() ? "invalid" : "valid");
        assertThat(ours.failed())
                .as("%s / %s", ours.failure(), apacheOutcome.failure())
                .isEqualTo(apacheOutcome.failed());
    }

    @Provide
    Arbitrary<Tuple3<Schema, Object, Object>> valuePairs() {
        return DataArbitraries.schemas()
                .flatMap(schema -> DataArbitraries.values(schema).flatMap(first -> Arbitraries.oneOf(
                                Arbitraries.just(DataArbitraries.deepCopy(first, true)),
                                Arbitraries.just(DataArbitraries.deepCopy(first, false)),
                                DataArbitraries.values(schema))
                        .map(second -> Tuple.of(schema, first, second))));
    }

    @Property(tries = 2000)
    void valuesAreEqualExactlyWhenApacheSaysSo(@ForAll("valuePairs") Tuple3<Schema, Object, Object> pair) {
        Object a = pair.get2();
        Object b = pair.get3();
        boolean ours = java.util.Objects.equals(a, b);
        boolean theirs = java.util.Objects.equals(ApacheData.valueToApache(a), ApacheData.valueToApache(b));
        Statistics.label("equal").collect(theirs);
        assertThat(ours).as("%s vs %s", a, b).isEqualTo(theirs);
        if (ours && a != null) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Provide
    Arbitrary<Tuple2<Schema, Schema>> schemaPairs() {
        return DataArbitraries.schemas().flatMap(schema -> Arbitraries.oneOf(
                        Arbitraries.just(ApacheData.schemaFromApache(ApacheData.schemaToApache(schema))),
                        DataArbitraries.projectionTargets(schema),
                        DataArbitraries.schemas())
                .map(other -> Tuple.of(schema, other)));
    }

    @Property(tries = 1000)
    void schemasAreEqualExactlyWhenApacheSaysSo(@ForAll("schemaPairs") Tuple2<Schema, Schema> pair) {
        Schema a = pair.get1();
        Schema b = pair.get2();
        boolean theirs = ApacheData.schemaToApache(a).equals(ApacheData.schemaToApache(b));
        Statistics.label("equal").collect(theirs);
        assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(theirs);
        if (theirs) {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
        assertThat(a.toString()).isEqualTo(ApacheData.schemaToApache(a).toString());
    }

    @Provide
    Arbitrary<SchemaAndValue> structs() {
        return DataArbitraries.structsAndValues();
    }

    @Property(tries = 1000)
    void structsPrintAsApachePrintsThem(@ForAll("structs") SchemaAndValue pair) {
        assertThat(pair.value().toString())
                .isEqualTo(ApacheData.valueToApache(pair.value()).toString());
    }

    @Provide
    Arbitrary<Tuple3<Schema, Object, Schema>> projections() {
        return DataArbitraries.schemas().flatMap(source -> Arbitraries.frequencyOf(
                        Tuple.of(4, DataArbitraries.values(source)), Tuple.of(1, DataArbitraries.anyValues(source)))
                .flatMap(value ->
                        DataArbitraries.projectionTargets(source).map(target -> Tuple.of(source, value, target))));
    }

    @Property(tries = 2000)
    void projectorGivesTheSameResultOrBothFail(@ForAll("projections") Tuple3<Schema, Object, Schema> p) {
        Outcome ours = kanal(() -> SchemaProjector.project(p.get1(), p.get2(), p.get3()));
        org.apache.kafka.connect.data.Schema source = ApacheData.schemaToApache(p.get1());
        org.apache.kafka.connect.data.Schema target = ApacheData.schemaToApache(p.get3());
        Object value = ApacheData.valueToApache(p.get2());
        Outcome theirs = apache(() -> org.apache.kafka.connect.data.SchemaProjector.project(source, value, target));
        Statistics.label("projection").collect(theirs.failed() ? "fails" : "projects");
        assertThat(ours.failed())
                .as("Kanal %s, Apache %s", ours.failure(), theirs.failure())
                .isEqualTo(theirs.failed());
        if (!ours.failed()) {
            assertThat(ApacheData.valueToApache(ours.result())).isEqualTo(theirs.result());
        }
    }

    @Property(tries = 500)
    void headerEditsMatchApache(
            @ForAll("headers") Headers headers, @ForAll("keys") String key, @ForAll("edits") int edit) {
        org.apache.kafka.connect.header.ConnectHeaders apache = ApacheData.headersToApache(headers);
        Headers edited =
                switch (edit) {
                    case 0 -> headers.remove(key);
                    case 1 -> headers.retainLatest();
                    case 2 -> headers.retainLatest(key);
                    default -> headers.add(key, Schema.OPTIONAL_STRING_SCHEMA, "v");
                };
        switch (edit) {
            case 0 -> apache.remove(key);
            case 1 -> apache.retainLatest();
            case 2 -> apache.retainLatest(key);
            default -> apache.add(key, "v", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA);
        }
        assertThat(edited).isEqualTo(ApacheData.headersFromApache(apache));
        assertThat(ApacheData.headersToApache(headers))
                .isEqualTo(
                        ApacheData.headersToApache(ApacheData.headersFromApache(ApacheData.headersToApache(headers))));
        Header last = edited.lastWithName(key);
        org.apache.kafka.connect.header.Header theirs = apache.lastWithName(key);
        assertThat(last == null ? null : ApacheData.headerToApache(last)).isEqualTo(theirs);
    }

    @Property(tries = 1000)
    void headerAddChecksTheSame(@ForAll("anyPairs") SchemaAndValue pair) {
        Outcome ours = kanal(() -> Headers.empty().add("k", pair.schema(), pair.value()));
        org.apache.kafka.connect.data.Schema schema = ApacheData.schemaToApache(pair.schema());
        Object value = ApacheData.valueToApache(pair.value());
        Outcome theirs = apache(() -> new org.apache.kafka.connect.header.ConnectHeaders().add("k", value, schema));
        Statistics.label("add").collect(theirs.failed() ? "rejected" : "accepted");
        assertThat(ours.failed())
                .as("Kanal %s, Apache %s", ours.failure(), theirs.failure())
                .isEqualTo(theirs.failed());
        if (!ours.failed()) {
            assertThat(ApacheData.headersToApache((Headers) ours.result())).isEqualTo(theirs.result());
        }
    }

    @Provide
    Arbitrary<Headers> headers() {
        return DataArbitraries.headers();
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("a", "b", "z");
    }

    @Provide
    Arbitrary<Integer> edits() {
        return Arbitraries.integers().between(0, 3);
    }
}
