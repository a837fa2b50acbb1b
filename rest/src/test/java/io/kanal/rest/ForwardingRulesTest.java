package io.kanal.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanal.rest.ForwardingRules.Anywhere;
import io.kanal.rest.ForwardingRules.Forward;
import io.kanal.rest.ForwardingRules.Leader;
import io.kanal.rest.ForwardingRules.Local;
import io.kanal.rest.ForwardingRules.Owner;
import io.kanal.rest.ForwardingRules.Refuse;
import io.kanal.rest.ForwardingRules.Target;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests need the leader or the owner, and the forward/hop rules of Connect's HerderRequestHandler. */
class ForwardingRulesTest {

    private static final String LEADER = "http://leader:8083/";

    @Test
    void theWritesConnectReservesForTheLeaderGoThere() {
        assertThat(target("POST", "/connectors")).isEqualTo(new Leader());
        assertThat(target("POST", "/connectors/")).isEqualTo(new Leader());
        assertThat(target("PUT", "/connectors/c/config")).isEqualTo(new Leader());
        assertThat(target("PATCH", "/connectors/c/config")).isEqualTo(new Leader());
        assertThat(target("DELETE", "/connectors/c")).isEqualTo(new Leader());
        assertThat(target("PUT", "/connectors/c/stop")).isEqualTo(new Leader());
        assertThat(target("PATCH", "/connectors/c/offsets")).isEqualTo(new Leader());
        assertThat(target("DELETE", "/connectors/c/offsets")).isEqualTo(new Leader());
        assertThat(target("POST", "/connectors/c/tasks")).isEqualTo(new Leader());
        assertThat(target("PUT", "/connectors/c/fence")).isEqualTo(new Leader());
        assertThat(ForwardingRules.target("POST", "/connectors/c/restart", "true", null))
                .isEqualTo(new Leader());
        assertThat(ForwardingRules.target("POST", "/connectors/c/restart", null, "TRUE"))
                .isEqualTo(new Leader());
    }

    @Test
    void plainRestartsGoToTheOwnerWithTheNameDecoded() {
        assertThat(ForwardingRules.target("POST", "/connectors/c/restart", "false", null))
                .isEqualTo(new Owner("c", -1));
        assertThat(target("POST", "/connectors/a%2Fb+c/restart")).isEqualTo(new Owner("a/b+c", -1));
        assertThat(target("POST", "/connectors/c/tasks/3/restart")).isEqualTo(new Owner("c", 3));
        assertThat(target("POST", "/connectors/c/tasks/x/restart")).isEqualTo(new Anywhere());
    }

    @Test
    void readsAndWhatAnyWorkerWritesStayWhereTheyArrive() {
        for (String[] r : new String[][] {
            {"GET", "/connectors"},
            {"GET", "/connectors/c"},
            {"GET", "/connectors/c/config"},
            {"GET", "/connectors/c/status"},
            {"GET", "/connectors/c/tasks"},
            {"GET", "/connectors/c/offsets"},
            {"PUT", "/connectors/c/pause"},
            {"PUT", "/connectors/c/resume"},
            {"PUT", "/connectors/c/topics/reset"},
            {"PUT", "/connector-plugins/P/config/validate"},
            {"PUT", "/admin/loggers/a.b"},
            {"GET", "/"},
        }) {
            assertThat(target(r[0], r[1])).as("%s %s", r[0], r[1]).isEqualTo(new Anywhere());
        }
    }

    @Test
    void onlyTheTwoInternalEndpointsAreSigned() {
        assertThat(ForwardingRules.internal("POST", "/connectors/c/tasks")).isTrue();
        assertThat(ForwardingRules.internal("PUT", "/connectors/c/fence")).isTrue();
        assertThat(ForwardingRules.internal("GET", "/connectors/c/tasks")).isFalse();
        assertThat(ForwardingRules.internal("POST", "/connectors")).isFalse();
    }

    @Test
    void theLeaderHandlesItsWritesAndAFollowerForwardsThemWithOneMoreHopAllowed() {
        Routing leader = new Routing(true, null, false);
        Routing follower = new Routing(false, LEADER, false);

        assertThat(ForwardingRules.decide(new Leader(), null, leader)).isEqualTo(new Local());
        assertThat(ForwardingRules.decide(new Leader(), "false", leader)).isEqualTo(new Local());
        assertThat(ForwardingRules.decide(new Leader(), null, follower))
                .isEqualTo(new Forward(URI.create(LEADER), true));
        assertThat(ForwardingRules.decide(new Leader(), "true", follower))
                .isEqualTo(new Forward(URI.create(LEADER), false));
        assertThat(ForwardingRules.decide(new Leader(), "false", follower))
                .isEqualTo(new Refuse(409, ForwardingRules.HOP_LIMIT));
        // Connect reads the parameter as a Boolean: anything but "true" is false.
        assertThat(ForwardingRules.decide(new Leader(), "yes", follower))
                .isEqualTo(new Refuse(409, ForwardingRules.HOP_LIMIT));
        assertThat(ForwardingRules.decide(new Anywhere(), "false", follower)).isEqualTo(new Local());
    }

    @Test
    void noKnownLeaderIsAConflictButARebalanceGoesToTheLastLeader() {
        assertThat(ForwardingRules.decide(new Leader(), null, new Routing(false, null, false)))
                .isEqualTo(new Refuse(409, ForwardingRules.NO_LEADER));
        assertThat(ForwardingRules.decide(new Leader(), null, new Routing(false, LEADER, true)))
                .isEqualTo(new Forward(URI.create(LEADER), true));
        assertThat(ForwardingRules.decide(new Leader(), "false", new Routing(false, null, false)))
                .isEqualTo(new Refuse(409, ForwardingRules.HOP_LIMIT));
        assertThat(ForwardingRules.decide(new Leader(), null, new Routing(false, "http://bad host/", false)))
                .isEqualTo(new Refuse(
                        500, "Cannot forward the request: the target worker's URL is invalid: http://bad host/"));
    }

    @Test
    void aRestartRunsOnTheOwnerWhichOnlyTheLeaderKnows() {
        Routing owner = new Routing(false, LEADER, false);
        owner.runs = true;
        assertThat(ForwardingRules.decide(new Owner("c", 0), "false", owner)).isEqualTo(new Local());

        Routing follower = new Routing(false, LEADER, false);
        assertThat(ForwardingRules.decide(new Owner("c", 0), null, follower))
                .isEqualTo(new Forward(URI.create(LEADER), true));

        Routing leader = new Routing(true, null, false);
        leader.ownerUrl = "http://owner:8083/";
        assertThat(ForwardingRules.decide(new Owner("c", 0), "true", leader))
                .isEqualTo(new Forward(URI.create("http://owner:8083/"), false));
        assertThat(ForwardingRules.decide(new Owner("c", -1), null, leader))
                .isEqualTo(new Forward(URI.create("http://owner:8083/"), true));

        leader.ownerUrl = null;
        assertThat(ForwardingRules.decide(new Owner("unknown", -1), "true", leader))
                .as("the leader's herder answers for a connector nobody runs (404 when it does not exist)")
                .isEqualTo(new Local());
    }

    @Test
    void theForwardedUrlKeepsPathAndQueryAndReplacesForward() {
        assertThat(LeaderForwarding.target(
                        new Forward(URI.create("http://l:1/"), true), "/connectors/a%2Fb/restart", null))
                .isEqualTo(URI.create("http://l:1/connectors/a%2Fb/restart?forward=true"));
        assertThat(LeaderForwarding.target(
                        new Forward(URI.create("http://l:1"), false),
                        "/connectors/c/restart",
                        "includeTasks=true&forward=true&onlyFailed=false"))
                .isEqualTo(
                        URI.create("http://l:1/connectors/c/restart?includeTasks=true&onlyFailed=false&forward=false"));
        assertThat(LeaderForwarding.parameter("a=1&forward=true", "forward")).isEqualTo("true");
        assertThat(LeaderForwarding.parameter("forwarded=x", "forward")).isNull();
        assertThat(LeaderForwarding.parameter(null, "forward")).isNull();
    }

    private static Target target(String method, String path) {
        return ForwardingRules.target(method, path, null, null);
    }

    /** A routing for the rules: leader or not, the leader's URL, rebalancing; owner of nothing unless set. */
    private static final class Routing implements io.kanal.runtime.api.ClusterRouting {
        private final boolean leader;
        private final String leaderUrl;
        private final boolean rebalancing;
        boolean runs;
        String ownerUrl;

        Routing(boolean leader, String leaderUrl, boolean rebalancing) {
            this.leader = leader;
            this.leaderUrl = leaderUrl;
            this.rebalancing = rebalancing;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public Optional<String> leaderUrl() {
            return Optional.ofNullable(leaderUrl);
        }

        @Override
        public boolean rebalancing() {
            return rebalancing;
        }

        @Override
        public Optional<io.kanal.runtime.api.SessionKey> sessionKey() {
            return Optional.empty();
        }

        @Override
        public boolean requestSigningRequired() {
            return false;
        }

        @Override
        public boolean runsConnector(String connector) {
            return runs;
        }

        @Override
        public boolean runsTask(String connector, int task) {
            return runs;
        }

        @Override
        public Optional<String> connectorOwnerUrl(String connector) {
            return Optional.ofNullable(ownerUrl);
        }

        @Override
        public Optional<String> taskOwnerUrl(String connector, int task) {
            return Optional.ofNullable(ownerUrl);
        }
    }
}
