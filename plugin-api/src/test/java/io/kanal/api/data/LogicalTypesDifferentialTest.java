package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.api.errors.DataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The logical types' conversions against Connect's: the same numbers and bytes, or both fail. */
class LogicalTypesDifferentialTest {

    private static final long DAY = 86_400_000L;

    /** The result, or the failure's class family: Kanal must only throw DataException. */
    private static Object ours(Supplier<Object> call) {
        try {
            return call.get();
        } catch (DataException e) {
            return "failed";
        }
    }

    private static Object theirs(Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return "failed";
        }
    }

    @Property(tries = 2000)
    void datesAgree(
            @ForAll @LongRange(min = -4_000_000L * DAY, max = 4_000_000L * DAY) long millis,
            @ForAll boolean atMidnight) {
        java.util.Date date = new java.util.Date(atMidnight ? Math.floorDiv(millis, DAY) * DAY : millis);
        assertThat(ours(() -> Date.fromLogical(Date.SCHEMA, date)))
                .isEqualTo(theirs(() -> org.apache.kafka.connect.data.Date.fromLogical(
                        org.apache.kafka.connect.data.Date.SCHEMA, date)));
        int days = (int) Math.floorDiv(millis, DAY);
        assertThat(Date.toLogical(Date.SCHEMA, days))
                .isEqualTo(
                        org.apache.kafka.connect.data.Date.toLogical(org.apache.kafka.connect.data.Date.SCHEMA, days));
    }

    @Property(tries = 2000)
    void timesAgree(@ForAll @LongRange(min = -2 * DAY, max = 2 * DAY) long millis) {
        java.util.Date time = new java.util.Date(millis);
        assertThat(ours(() -> Time.fromLogical(Time.SCHEMA, time)))
                .isEqualTo(theirs(() -> org.apache.kafka.connect.data.Time.fromLogical(
                        org.apache.kafka.connect.data.Time.SCHEMA, time)));
        int asInt = (int) millis;
        assertThat(ours(() -> Time.toLogical(Time.SCHEMA, asInt)))
                .isEqualTo(theirs(() -> org.apache.kafka.connect.data.Time.toLogical(
                        org.apache.kafka.connect.data.Time.SCHEMA, asInt)));
    }

    @Property(tries = 2000)
    void timestampsAgree(@ForAll long millis) {
        java.util.Date instant = new java.util.Date(millis);
        assertThat(Timestamp.fromLogical(Timestamp.SCHEMA, instant))
                .isEqualTo(org.apache.kafka.connect.data.Timestamp.fromLogical(
                        org.apache.kafka.connect.data.Timestamp.SCHEMA, instant));
        assertThat(Timestamp.toLogical(Timestamp.SCHEMA, millis))
                .isEqualTo(org.apache.kafka.connect.data.Timestamp.toLogical(
                        org.apache.kafka.connect.data.Timestamp.SCHEMA, millis));
    }

    @Property(tries = 2000)
    void decimalsAgree(
            @ForAll BigInteger unscaled,
            @ForAll @IntRange(min = -5, max = 12) int scale,
            @ForAll @IntRange(min = -5, max = 12) int schemaScale) {
        BigDecimal value = new BigDecimal(unscaled, scale);
        Schema ours = Decimal.schema(schemaScale);
        org.apache.kafka.connect.data.Schema theirs = org.apache.kafka.connect.data.Decimal.schema(schemaScale);
        Object ourBytes = ours(() -> Decimal.fromLogical(ours, value));
        Object theirBytes = theirs(() -> org.apache.kafka.connect.data.Decimal.fromLogical(theirs, value));
        assertThat(ourBytes).isEqualTo(theirBytes);
        if (ourBytes instanceof byte[] bytes) {
            assertThat(Decimal.toLogical(ours, bytes))
                    .isEqualTo(org.apache.kafka.connect.data.Decimal.toLogical(theirs, bytes))
                    .isEqualTo(value);
        }
    }
}
