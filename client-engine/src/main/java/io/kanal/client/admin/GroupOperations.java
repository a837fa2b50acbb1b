package io.kanal.client.admin;

import io.kanal.client.cluster.Node;
import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.errors.UnsupportedVersionException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.ApiResponse;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ConsumerGroupDescribeRequest;
import io.kanal.client.protocol.message.DeleteGroupsRequest;
import io.kanal.client.protocol.message.DeleteGroupsResponse;
import io.kanal.client.protocol.message.DescribeGroupsRequest;
import io.kanal.client.protocol.message.ListGroupsRequest;
import io.kanal.client.protocol.message.ListGroupsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Listing, describing and deleting groups. ListGroups goes to every broker (each lists the groups it coordinates);
 * the rest go to each group's coordinator, groups sharing a coordinator in one request. Stateless.
 */
final class GroupOperations {
    private final AdminContext ctx;

    GroupOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<List<GroupListing>> listGroups(Set<GroupType> types, Set<String> states, long timeoutMs) {
        CallSpec<Integer, List<GroupListing>> spec = CallSpec.of(
                "listGroups",
                Lane.GENERAL,
                (node, keys, timeout) -> listGroupsRequest(types, states),
                (response, keys) -> Map.of(keys.get(0), listGroupsOutcome((ListGroupsResponse) response.body())));
        return ctx.brokers().all().thenCompose(nodes -> {
            List<Integer> ids = nodes.stream().map(Node::id).toList();
            return RetryingCall.run(ctx, spec, Routers.byNodeId(ctx, id -> id), ids, timeoutMs)
                    .thenApply(result -> {
                        List<GroupListing> all = new ArrayList<>();
                        result.orThrow().values().forEach(all::addAll);
                        return List.copyOf(all);
                    });
        });
    }

    static ApiRequest listGroupsRequest(Set<GroupType> types, Set<String> states) {
        short minVersion = !types.isEmpty() ? (short) 5 : !states.isEmpty() ? (short) 4 : (short) 0;
        ListGroupsRequest body = ListGroupsRequest.builder()
                .statesFilter(List.copyOf(states))
                .typesFilter(types.stream().map(GroupType::protocolName).toList())
                .build();
        return new ApiRequest(ApiKey.LIST_GROUPS, minVersion, ApiKey.LIST_GROUPS.highestVersion(), v -> body);
    }

    static Outcome<List<GroupListing>> listGroupsOutcome(ListGroupsResponse response) {
        List<GroupListing> listings = new ArrayList<>();
        for (ListGroupsResponse.ListedGroup g : response.groups()) {
            Optional<String> state = Optional.ofNullable(g.groupState()).filter(s -> !s.isEmpty());
            Optional<GroupType> type =
                    Optional.ofNullable(g.groupType()).filter(s -> !s.isEmpty()).map(GroupType::parse);
            listings.add(new GroupListing(g.groupId(), g.protocolType(), type, state));
        }
        return Outcome.of(response.errorCode(), null, List.copyOf(listings));
    }

    CompletableFuture<BatchResult<String, GroupDescription>> describeGroups(
            Collection<String> groupIds, long timeoutMs) {
        long deadline = ctx.time().monotonicMs() + timeoutMs;
        CallSpec<String, Optional<GroupDescription>> consumerSpec = CallSpec.of(
                "describeGroups",
                Lane.GROUP,
                (node, keys, timeout) ->
                        ApiRequest.of(ApiKey.CONSUMER_GROUP_DESCRIBE, v -> ConsumerGroupDescribeRequest.builder()
                                .groupIds(List.copyOf(keys))
                                .build()),
                GroupDescriptions::consumerGroupOutcomes);
        return RetryingCall.run(
                        ctx, consumerSpec, Routers.groupCoordinator(ctx, g -> g), List.copyOf(groupIds), timeoutMs)
                .thenCompose(first -> {
                    Map<String, GroupDescription> found = new LinkedHashMap<>();
                    Map<String, KafkaException> errors = new LinkedHashMap<>(first.errors());
                    List<String> classic = new ArrayList<>();
                    first.values().forEach((group, description) -> {
                        if (description.isPresent()) {
                            found.put(group, description.get());
                        } else {
                            classic.add(group);
                        }
                    });
                    // A broker without ConsumerGroupDescribe only has classic groups.
                    first.errors().forEach((group, error) -> {
                        if (error instanceof UnsupportedVersionException) {
                            errors.remove(group);
                            classic.add(group);
                        }
                    });
                    long left = Math.max(1, deadline - ctx.time().monotonicMs());
                    return describeClassic(classic, left).thenApply(second -> {
                        found.putAll(second.values());
                        errors.putAll(second.errors());
                        return new BatchResult<>(found, errors);
                    });
                });
    }

    private CompletableFuture<BatchResult<String, GroupDescription>> describeClassic(
            List<String> groups, long timeoutMs) {
        CallSpec<String, GroupDescription> spec = CallSpec.of(
                "describeGroups",
                Lane.GROUP,
                (node, keys, timeout) -> ApiRequest.of(ApiKey.DESCRIBE_GROUPS, v -> DescribeGroupsRequest.builder()
                        .groups(List.copyOf(keys))
                        .build()),
                GroupDescriptions::classicGroupOutcomes);
        return RetryingCall.run(ctx, spec, Routers.groupCoordinator(ctx, g -> g), groups, timeoutMs);
    }

    CompletableFuture<BatchResult<String, Boolean>> deleteGroups(Collection<String> groupIds, long timeoutMs) {
        CallSpec<String, Boolean> spec = CallSpec.of(
                "deleteGroups",
                Lane.GROUP,
                (node, keys, timeout) -> ApiRequest.of(ApiKey.DELETE_GROUPS, v -> DeleteGroupsRequest.builder()
                        .groupsNames(List.copyOf(keys))
                        .build()),
                (response, keys) -> {
                    Map<String, Outcome<Boolean>> out = new HashMap<>();
                    for (DeleteGroupsResponse.DeletableGroupResult r :
                            ((DeleteGroupsResponse) response.body()).results()) {
                        out.put(r.groupId(), Outcome.of(r.errorCode(), r.errorMessage(), Boolean.TRUE));
                    }
                    return out;
                });
        return RetryingCall.run(ctx, spec, Routers.groupCoordinator(ctx, g -> g), List.copyOf(groupIds), timeoutMs);
    }

    /** The coordinator that answered, as a node. */
    static Node coordinatorOf(ApiResponse response) {
        return new Node(
                response.endpoint().nodeId(),
                response.endpoint().host(),
                response.endpoint().port(),
                null);
    }

    /** The failure for a group that does not exist, for brokers that report it as state "Dead" rather than an error. */
    static KafkaException notFound(String groupId) {
        return BrokerErrors.exception(Errors.GROUP_ID_NOT_FOUND, "Group '" + groupId + "' does not exist");
    }
}
