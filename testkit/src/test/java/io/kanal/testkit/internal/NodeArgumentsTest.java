package io.kanal.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeArgumentsTest {
    @Test
    void roundTripsEveryCombination() {
        for (NodeArguments arguments : new NodeArguments[] {
            new NodeArguments(42, "abc", "/tmp/node", "/tmp/node/server.properties"),
            new NodeArguments(42, null, "/tmp/node", "/tmp/node/server.properties"),
            new NodeArguments(42, "abc", null, "/tmp/node/server.properties"),
            new NodeArguments(42, null, null, "/tmp/node/server.properties")
        }) {
            assertThat(NodeArguments.parse(arguments.toArgs().toArray(String[]::new)))
                    .isEqualTo(arguments);
        }
    }

    @Test
    void rejectsMalformedCommandLines() {
        assertThatThrownBy(() -> NodeArguments.parse(new String[] {"42"})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeArguments.parse(new String[] {"42", "--bogus", "x", "p"}))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> NodeArguments.parse(new String[] {"42", "--format", "p"}))
                .hasMessageContaining("server.properties");
        assertThatThrownBy(() -> new NodeArguments(0, null, null, "p")).hasMessageContaining("parentPid");
    }
}
