package io.kanal.runtime.api;

import java.util.List;
import java.util.Optional;

/**
 * The worker's place in its cluster, as the REST layer needs it to decide where a request runs: any worker answers
 * reads, writes that Connect's {@code DistributedHerder} reserves for the leader are forwarded to it, restarts go to
 * the worker that runs the connector or task, and internal requests between workers are signed with the session key
 * (KIP-507). A standalone worker is its own leader and signs nothing ({@link #standalone()}).
 *
 * <p><b>Threading.</b> Implementations are read from any REST request thread while the group changes under them:
 * every method must be safe from any thread and cheap (a volatile read of the latest assignment), never block.
 */
public interface ClusterRouting {

    /** Connect's default {@code inter.worker.verification.algorithms}. */
    List<String> DEFAULT_VERIFICATION_ALGORITHMS = List.of("HmacSHA256");

    /**
     * Whether this worker is the group's leader now (the leader of the latest assignment).
     *
     * @return true on the leader, and always on a standalone worker
     */
    boolean isLeader();

    /**
     * The leader's advertised REST URL, e.g. {@code http://host:8083/}, as the latest assignment names it.
     *
     * @return the URL; empty before the first assignment or when the assignment names none
     */
    Optional<String> leaderUrl();

    /**
     * Whether the group is rebalancing now (this worker has rejoined and has no new assignment yet). A worker that is
     * not the leader does not forward while this is true: the leader it knows may be gone.
     *
     * @return true between the start of a rebalance and the assignment that ends it
     */
    boolean rebalancing();

    /**
     * The session key read from the config topic most recently.
     *
     * @return the key; empty until the first one is read
     */
    Optional<SessionKey> sessionKey();

    /**
     * Whether internal requests must be signed: true when the group runs a protocol with sessioned keys (Connect's
     * {@code sessioned}, protocol version 2 and up), as Connect's {@code internalRequestValidationEnabled}.
     *
     * @return whether unsigned or badly signed internal requests are refused
     */
    boolean requestSigningRequired();

    /**
     * Whether the worker is part of a distributed cluster. A standalone worker refuses the internal endpoints as
     * Connect's standalone herder does (500): nobody may set its task configs from outside.
     *
     * @return true for a distributed worker
     */
    default boolean clustered() {
        return true;
    }

    /**
     * The signature algorithms this worker accepts ({@code inter.worker.verification.algorithms}).
     *
     * @return the algorithms, e.g. {@code [HmacSHA256]}
     */
    default List<String> verificationAlgorithms() {
        return DEFAULT_VERIFICATION_ALGORITHMS;
    }

    /**
     * Whether this worker runs the connector (its assignment holds it).
     *
     * @param connector the connector's name
     * @return true when a restart of the connector is carried out here
     */
    boolean runsConnector(String connector);

    /**
     * Whether this worker runs the task (its assignment holds it).
     *
     * @param connector the connector's name
     * @param task the task number
     * @return true when a restart of the task is carried out here
     */
    boolean runsTask(String connector, int task);

    /**
     * The advertised REST URL of the worker that runs the connector. Only the leader knows the whole assignment;
     * other workers may answer empty.
     *
     * @param connector the connector's name
     * @return the owner's URL; empty when unknown or unassigned
     */
    Optional<String> connectorOwnerUrl(String connector);

    /**
     * The advertised REST URL of the worker that runs the task. Only the leader knows the whole assignment.
     *
     * @param connector the connector's name
     * @param task the task number
     * @return the owner's URL; empty when unknown or unassigned
     */
    Optional<String> taskOwnerUrl(String connector, int task);

    /**
     * A worker alone in its cluster: the leader, owner of everything, no signing.
     *
     * @return the routing
     */
    static ClusterRouting standalone() {
        return Standalone.INSTANCE;
    }

    /** {@link #standalone()}: stateless, so one instance serves every worker. */
    enum Standalone implements ClusterRouting {
        /** The only instance. */
        INSTANCE;

        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public Optional<String> leaderUrl() {
            return Optional.empty();
        }

        @Override
        public boolean rebalancing() {
            return false;
        }

        @Override
        public Optional<SessionKey> sessionKey() {
            return Optional.empty();
        }

        @Override
        public boolean requestSigningRequired() {
            return false;
        }

        @Override
        public boolean runsConnector(String connector) {
            return true;
        }

        @Override
        public boolean runsTask(String connector, int task) {
            return true;
        }

        @Override
        public Optional<String> connectorOwnerUrl(String connector) {
            return Optional.empty();
        }

        @Override
        public Optional<String> taskOwnerUrl(String connector, int task) {
            return Optional.empty();
        }
    }
}
