package io.kanal.plugins.datagen;

import io.kanal.api.data.Schema;
import io.kanal.api.data.SchemaBuilder;
import io.kanal.api.data.Struct;
import io.kanal.api.data.Timestamp;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * What the generated values look like: {@code orders} and {@code users} are structs that start with the fields
 * {@code task} (INT32) and {@code seq} (INT64), so a consumer can find gaps and duplicates per task; {@code string}
 * is a plain string that starts with {@code <task>-<seq>}. Every value is a pure function of (seed, task, seq).
 *
 * <p>Immutable and thread-safe.
 */
public enum DatagenSchema {
    /** Orders: task, seq, order_id, customer, product, quantity, amount (FLOAT64), ts (Timestamp). */
    ORDERS(SchemaBuilder.struct()
            .name("io.kanal.datagen.Order")
            .version(1)
            .field("task", Schema.INT32_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("order_id", Schema.STRING_SCHEMA)
            .field("customer", Schema.STRING_SCHEMA)
            .field("product", Schema.STRING_SCHEMA)
            .field("quantity", Schema.INT32_SCHEMA)
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("ts", Timestamp.SCHEMA)
            .build()),
    /** Users: task, seq, user_id, name, email, age, region, registered_at (Timestamp). */
    USERS(SchemaBuilder.struct()
            .name("io.kanal.datagen.User")
            .version(1)
            .field("task", Schema.INT32_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("age", Schema.INT32_SCHEMA)
            .field("region", Schema.STRING_SCHEMA)
            .field("registered_at", Timestamp.SCHEMA)
            .build()),
    /** A string {@code <task>-<seq> <16 hexadecimal digits>}. */
    STRING(Schema.STRING_SCHEMA);

    /** 2026-01-01T00:00:00Z: generated timestamps are this plus one second per seq, not the wall clock. */
    private static final long EPOCH_MS = 1_767_225_600_000L;

    private static final List<String> PRODUCTS =
            List.of("keyboard", "mouse", "monitor", "laptop", "headset", "webcam", "dock", "cable");
    private static final List<String> NAMES =
            List.of("ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "ken", "dennis", "leslie");
    private static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south");

    private final Schema schema;

    DatagenSchema(Schema schema) {
        this.schema = schema;
    }

    /**
     * @return the value schema of the records
     */
    public Schema schema() {
        return schema;
    }

    /**
     * The configuration value that selects this schema.
     *
     * @return {@code orders}, {@code users} or {@code string}
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of record {@code seq} of task {@code task}.
     *
     * @param seed the connector's seed
     * @param task the task's index
     * @param seq the record's sequence number in the task
     * @return a {@link Struct} of {@link #schema()}, or a string for {@link #STRING}
     */
    public Object value(long seed, int task, long seq) {
        RecordRandom random = new RecordRandom(seed, task, seq);
        return switch (this) {
            case ORDERS ->
                new Struct(schema)
                        .put("task", task)
                        .put("seq", seq)
                        .put("order_id", "order-" + task + "-" + seq)
                        .put("customer", "customer-" + random.below(1000))
                        .put("product", PRODUCTS.get((int) random.below(PRODUCTS.size())))
                        .put("quantity", 1 + (int) random.below(10))
                        .put("amount", random.below(100_000) / 100.0)
                        .put("ts", timestamp(seq, random));
            case USERS -> {
                long id = random.below(1_000_000);
                String name = NAMES.get((int) random.below(NAMES.size()));
                yield new Struct(schema)
                        .put("task", task)
                        .put("seq", seq)
                        .put("user_id", "user-" + task + "-" + seq)
                        .put("name", name)
                        .put("email", name + id + "@example.com")
                        .put("age", 18 + (int) random.below(70))
                        .put("region", REGIONS.get((int) random.below(REGIONS.size())))
                        .put("registered_at", timestamp(seq, random));
            }
            case STRING -> task + "-" + seq + " " + String.format(Locale.ROOT, "%016x", random.next());
        };
    }

    private static Date timestamp(long seq, RecordRandom random) {
        return new Date(EPOCH_MS + seq * 1000 + random.below(1000));
    }

    /**
     * The parsed form of the {@code schema} key.
     *
     * @param configName {@code orders}, {@code users} or {@code string}
     * @return the schema
     */
    static DatagenSchema of(String configName) {
        return valueOf(configName.toUpperCase(Locale.ROOT));
    }

    /**
     * A stream of pseudo-random numbers that depends only on (seed, task, seq): SplitMix64 over a start mixed from
     * the three. Not a cryptographic generator; enough for varied test data. Not thread-safe; one per value.
     */
    static final class RecordRandom {
        private static final long GOLDEN = 0x9E3779B97F4A7C15L;
        private long state;

        RecordRandom(long seed, int task, long seq) {
            state = mix(mix(mix(seed + GOLDEN) + task) + seq);
        }

        long next() {
            state += GOLDEN;
            return mix(state);
        }

        /** A number in {@code [0, bound)}; the slight bias of the modulo does not matter for test data. */
        long below(long bound) {
            return Math.floorMod(next(), bound);
        }

        /** SplitMix64's finalizer: every input bit affects every output bit. */
        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
