package io.kanal.runtime.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.TimeZone;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Reusing the text of a span is only right if every timestamp of the span formats the same. */
class FormatPeriodTest {

    @Test
    void thePeriodIsTheFinestFieldOutsideQuotes() {
        assertThat(FormatPeriod.of("yyyyMMdd")).isEqualTo(FormatPeriod.DAY);
        assertThat(FormatPeriod.of("yyyy-MM-dd'T'HH")).isEqualTo(FormatPeriod.HOUR);
        assertThat(FormatPeriod.of("yyyy-MM-dd HH:mm")).isEqualTo(FormatPeriod.MINUTE);
        assertThat(FormatPeriod.of("HH:mm:ss")).isEqualTo(FormatPeriod.SECOND);
        assertThat(FormatPeriod.of("ss.SSS")).isEqualTo(FormatPeriod.MILLISECOND);
        assertThat(FormatPeriod.of("yyyy'ms: S'")).isEqualTo(FormatPeriod.DAY);
        assertThat(FormatPeriod.of("yyyy''HH")).isEqualTo(FormatPeriod.HOUR);
        assertThat(FormatPeriod.of("'no fields'")).isEqualTo(FormatPeriod.DAY);
    }

    @Property(tries = 300)
    void everyTimestampOfASpanFormatsLikeItsFirst(
            @ForAll("patterns") String pattern,
            @ForAll @LongRange(min = -4_000_000_000_000L, max = 4_000_000_000_000L) long timestamp) {
        SimpleDateFormat format = new SimpleDateFormat(pattern);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        long period = FormatPeriod.of(pattern);
        long spanStart = Math.floorDiv(timestamp, period) * period;
        String first = format.format(new Date(spanStart));
        assertThat(format.format(new Date(timestamp))).isEqualTo(first);
        assertThat(format.format(new Date(spanStart + period - 1))).isEqualTo(first);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of(
                "yyyyMMdd",
                "yyyy-MM-dd",
                "YYYY-'W'ww-u",
                "EEE, d MMM yyyy",
                "yyyy-MM-dd'T'HH",
                "yyyy-MM-dd hh a",
                "yyyy-MM-dd'T'HH:mm",
                "HH:mm:ss",
                "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
                "D F G",
                "'at' k K z Z");
    }
}
