package io.kanal.client.cluster.internals;

import io.kanal.client.cluster.CoordinatorType;
import io.kanal.client.protocol.message.FindCoordinatorRequest;
import java.util.List;

/** Builds FindCoordinator request bodies for the version chosen with the broker. Stateless. */
final class FindCoordinatorRequests {
    private FindCoordinatorRequests() {}

    /**
     * The body for a version: every key in {@code CoordinatorKeys} from v4, only the first in {@code Key} before.
     *
     * @param type the coordinator type
     * @param keys the keys, at least one
     * @param version the negotiated version
     * @return the body
     */
    static FindCoordinatorRequest build(CoordinatorType type, List<String> keys, short version) {
        FindCoordinatorRequest.Builder b = FindCoordinatorRequest.builder();
        if (version >= 4) {
            b.keyType(type.id()).coordinatorKeys(List.copyOf(keys));
        } else {
            b.key(keys.get(0));
            if (version >= 1) {
                b.keyType(type.id());
            }
        }
        return b.build();
    }
}
