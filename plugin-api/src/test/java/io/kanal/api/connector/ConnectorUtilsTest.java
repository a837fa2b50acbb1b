package io.kanal.api.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Grouping work over tasks splits it as Connect's helper does. */
class ConnectorUtilsTest {

    @Property(tries = 200)
    void groupsAreContiguousBalancedAndLikeConnects(
            @ForAll @IntRange(min = 0, max = 40) int size, @ForAll @IntRange(min = 1, max = 12) int numGroups) {
        List<Integer> elements = IntStream.range(0, size).boxed().toList();

        List<List<Integer>> ours = ConnectorUtils.groupPartitions(elements, numGroups);

        assertThat(ours).isEqualTo(org.apache.kafka.connect.util.ConnectorUtils.groupPartitions(elements, numGroups));
        List<Integer> joined = new ArrayList<>();
        ours.forEach(joined::addAll);
        assertThat(joined).isEqualTo(elements);
        int max = ours.stream().mapToInt(List::size).max().orElseThrow();
        int min = ours.stream().mapToInt(List::size).min().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
    }

    @Test
    void aNonPositiveNumberOfGroupsIsRefused() {
        assertThatThrownBy(() -> ConnectorUtils.groupPartitions(List.of(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
