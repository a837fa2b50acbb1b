package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.errors.DataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of {@link SchemaBuilder} calls, made on Kanal's builder and on Apache's: the same call fails on
 * both (with a {@code SchemaBuilderException} on Kanal's side), and what both build is equal.
 *
 * <p>Every value passed comes from a fixed pool of instances, so that a repeated call passes the same object: Connect
 * compares a repeated property by identity, Kanal by equality, and with the same object the two agree.
 */
class SchemaBuilderDifferentialTest {

    private static final byte[] BYTES = {1, 2};
    private static final List<Object> DEFAULTS =
            java.util.Arrays.asList(null, 1, (byte) 1, 1000L, "x", BYTES, 2.5d, true, List.of(), Map.of());
    private static final List<String> NAMES = java.util.Arrays.asList(null, "a.B", "C");
    private static final List<Integer> VERSIONS = java.util.Arrays.asList(null, 1, 1000);
    private static final List<Schema> FIELD_SCHEMAS =
            List.of(Schema.INT32_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, Decimal.schema(2));

    /** One builder call, applied to both builders. */
    private record Op(int kind, int arg) {
        @Override
        public String toString() {
            return switch (kind) {
                case 0 -> "optional()";
                case 1 -> "required()";
                case 2 -> "name(" + NAMES.get(arg % NAMES.size()) + ")";
                case 3 -> "version(" + VERSIONS.get(arg % VERSIONS.size()) + ")";
                case 4 -> "doc(d" + arg % 2 + ")";
                case 5 -> "parameter(k, v" + arg % 2 + ")";
                case 6 -> "defaultValue(" + DEFAULTS.get(arg % DEFAULTS.size()) + ")";
                default -> "field(f" + arg % 3 + ", " + FIELD_SCHEMAS.get(arg % FIELD_SCHEMAS.size()) + ")";
            };
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers()
                .between(0, 7)
                .flatMap(kind -> Arbitraries.integers().between(0, 29).map(arg -> new Op(kind, arg)))
                .list()
                .ofMaxSize(7);
    }

    @Property(tries = 2000)
    void buildersFailAndBuildAlike(@ForAll("ops") List<Op> ops, @ForAll("starts") int start) {
        SchemaBuilder ours = kanalStart(start);
        org.apache.kafka.connect.data.SchemaBuilder theirs = apacheStart(start);
        List<String> log = new ArrayList<>();
        for (Op op : ops) {
            log.add(op.toString());
            RuntimeException ourFailure = null;
            RuntimeException theirFailure = null;
            try {
                applyKanal(ours, op);
            } catch (DataException e) {
                ourFailure = e;
            }
            try {
                applyApache(theirs, op);
            } catch (RuntimeException e) {
                theirFailure = e;
            }
            assertThat(ourFailure == null)
                    .as("%s: Kanal %s, Apache %s", log, ourFailure, theirFailure)
                    .isEqualTo(theirFailure == null);
            Statistics.label("call").collect(theirFailure == null ? "accepted" : "rejected");
            if (ourFailure != null) {
                assertThat(ourFailure).isInstanceOf(io.kanal.api.errors.SchemaBuilderException.class);
            }
        }
        assertThat(ApacheData.schemaToApache(ours.build())).as("%s", log).isEqualTo(theirs.build());
    }

    @Provide
    Arbitrary<Integer> starts() {
        return Arbitraries.integers().between(0, 11);
    }

    private static SchemaBuilder kanalStart(int start) {
        return switch (start) {
            case 9 -> SchemaBuilder.array(Schema.INT32_SCHEMA);
            case 10 -> SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA);
            case 11 -> SchemaBuilder.struct();
            default -> SchemaBuilder.type(Schema.Type.values()[start]);
        };
    }

    private static org.apache.kafka.connect.data.SchemaBuilder apacheStart(int start) {
        return switch (start) {
            case 9 ->
                org.apache.kafka.connect.data.SchemaBuilder.array(org.apache.kafka.connect.data.Schema.INT32_SCHEMA);
            case 10 ->
                org.apache.kafka.connect.data.SchemaBuilder.map(
                        org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                        org.apache.kafka.connect.data.Schema.INT32_SCHEMA);
            case 11 -> org.apache.kafka.connect.data.SchemaBuilder.struct();
            default ->
                org.apache.kafka.connect.data.SchemaBuilder.type(
                        org.apache.kafka.connect.data.Schema.Type.values()[start]);
        };
    }

    private static final List<String> DOCS = List.of("d0", "d1");
    private static final List<String> PARAMETER_VALUES = List.of("v0", "v1");
    private static final List<String> FIELD_NAMES = List.of("f0", "f1", "f2");

    private static void applyKanal(SchemaBuilder b, Op op) {
        int arg = op.arg();
        switch (op.kind()) {
            case 0 -> b.optional();
            case 1 -> b.required();
            case 2 -> b.name(NAMES.get(arg % NAMES.size()));
            case 3 -> b.version(VERSIONS.get(arg % VERSIONS.size()));
            case 4 -> b.doc(DOCS.get(arg % 2));
            case 5 -> b.parameter("k", PARAMETER_VALUES.get(arg % 2));
            case 6 -> b.defaultValue(DEFAULTS.get(arg % DEFAULTS.size()));
            default -> b.field(FIELD_NAMES.get(arg % 3), FIELD_SCHEMAS.get(arg % FIELD_SCHEMAS.size()));
        }
    }

    private static void applyApache(org.apache.kafka.connect.data.SchemaBuilder b, Op op) {
        int arg = op.arg();
        switch (op.kind()) {
            case 0 -> b.optional();
            case 1 -> b.required();
            case 2 -> b.name(NAMES.get(arg % NAMES.size()));
            case 3 -> b.version(VERSIONS.get(arg % VERSIONS.size()));
            case 4 -> b.doc(DOCS.get(arg % 2));
            case 5 -> b.parameter("k", PARAMETER_VALUES.get(arg % 2));
            case 6 -> b.defaultValue(DEFAULTS.get(arg % DEFAULTS.size()));
            default ->
                b.field(
                        FIELD_NAMES.get(arg % 3),
                        ApacheData.schemaToApache(FIELD_SCHEMAS.get(arg % FIELD_SCHEMAS.size())));
        }
    }
}
