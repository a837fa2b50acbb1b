package io.kanal.runtime.membership.group;

import java.util.Objects;

/**
 * The leader of the worker group's current generation, as REST forwarding needs it.
 *
 * @param memberId the leader's member id
 * @param url the leader's advertised REST URL
 * @param self whether this worker is the leader
 */
public record Leader(String memberId, String url, boolean self) {
    /** Checks the components. */
    public Leader {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(url, "url");
    }
}
