package io.kanal.runtime.convert;

import io.kanal.api.data.ConnectSchema;
import io.kanal.api.data.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bounded cache of per-struct-schema plans, found by schema identity, shared by the JSON encoder and decoder.
 * Copy-on-write, so lookups need no lock; thread-safe (two threads missing at once may both build a plan, and one of
 * the two copies is lost, which costs only a rebuild later).
 *
 * @param <P> the plan type
 */
final class StructPlans<P> {

    private static final int MAX_PLANS = 64;

    private record Entry<P>(Schema schema, P plan) {}

    private final Function<Schema, P> factory;

    /** Newest first; replaced as a whole, never changed in place. */
    private volatile List<Entry<P>> entries = List.of();

    /**
     * @param factory builds the plan of a struct schema not seen yet
     */
    StructPlans(Function<Schema, P> factory) {
        this.factory = factory;
    }

    /** The plan of a struct schema: the remembered one when this very schema was seen, else a new one. */
    P plan(Schema schema) {
        List<Entry<P>> known = entries;
        for (int i = 0; i < known.size(); i++) {
            Entry<P> entry = known.get(i);
            if (entry.schema() == schema) {
                return entry.plan();
            }
        }
        P plan = factory.apply(schema);
        // Only immutable schemas are remembered: a builder may still gain fields. The newest goes first and the
        // oldest drops out past MAX_PLANS, so a connector that makes a new schema per record cannot push out the
        // schemas in steady use for good: they come back at the front the next time they are seen.
        if (schema instanceof ConnectSchema) {
            List<Entry<P>> more = new ArrayList<>(Math.min(known.size() + 1, MAX_PLANS));
            more.add(new Entry<>(schema, plan));
            more.addAll(known.subList(0, Math.min(known.size(), MAX_PLANS - 1)));
            entries = List.copyOf(more);
        }
        return plan;
    }
}
