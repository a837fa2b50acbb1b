package io.kanal.client.errors;

import io.kanal.client.network.Lane;

/**
 * A class of the errors layer that uses the network layer, which the layering forbids: {@code LayeringTest} runs its
 * real rule on it to show that the rule can fail. Test code only.
 */
final class LayeringProbe {
    private LayeringProbe() {}

    static Lane upward() {
        return Lane.GENERAL;
    }
}
