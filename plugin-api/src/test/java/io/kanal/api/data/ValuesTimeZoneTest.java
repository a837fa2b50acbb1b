package io.kanal.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * Connect reads and prints temporals in the JVM's default time zone; Kanal must agree with it in any zone, not only
 * in UTC where the other tests run. The default zone is restored after each zone.
 */
class ValuesTimeZoneTest {

    private static final List<String> ZONES = List.of("America/New_York", "Asia/Kolkata", "Pacific/Kiritimati");

    @Test
    void parsesAndRendersTemporalsAsConnectDoesInOtherZones() {
        List<String> texts = ValueTexts.temporal().sampleStream().limit(300).toList();
        List<Object> dates = ValueObjects.value(1).sampleStream().limit(300).toList();
        TimeZone original = TimeZone.getDefault();
        try {
            for (String zone : ZONES) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                for (String text : texts) {
                    SchemaAndValue mine = Values.parseString(text);
                    var theirs = org.apache.kafka.connect.data.Values.parseString(text);
                    assertThat(mine.value()).as("%s in %s", text, zone).isEqualTo(theirs.value());
                    assertThat(mine.schema().name())
                            .as("%s in %s", text, zone)
                            .isEqualTo(theirs.schema().name());
                }
                for (Object value : dates) {
                    String theirs;
                    try {
                        theirs = org.apache.kafka.connect.data.Values.convertToString(
                                null, ApacheData.valueToApache(value));
                    } catch (RuntimeException unsupported) {
                        continue;
                    }
                    assertThat(Values.convertToString(null, value))
                            .as("%s in %s", value, zone)
                            .isEqualTo(theirs);
                }
            }
        } finally {
            TimeZone.setDefault(original);
        }
    }
}
