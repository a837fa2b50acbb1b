package io.kanal.client.admin;

import io.kanal.client.errors.BrokerErrors;
import io.kanal.client.errors.Errors;
import io.kanal.client.errors.KafkaException;
import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.CreateAclsRequest;
import io.kanal.client.protocol.message.CreateAclsResponse;
import io.kanal.client.protocol.message.DeleteAclsRequest;
import io.kanal.client.protocol.message.DeleteAclsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls and DeleteAcls, sent to any broker (in KRaft it forwards them to the controller). The broker answers one
 * result per creation or filter, in the request's order. Stateless.
 */
final class AclCalls {
    private final AdminContext ctx;

    AclCalls(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<BatchResult<AclBinding, Boolean>> createAcls(Collection<AclBinding> acls, long timeoutMs) {
        // A filter value in a creation is the caller's mistake: it fails its own item, typed, and is never sent.
        Map<AclBinding, KafkaException> invalid = new LinkedHashMap<>();
        List<AclBinding> valid = new ArrayList<>();
        for (AclBinding acl : new LinkedHashSet<>(acls)) {
            acl.whyNotCreatable()
                    .ifPresentOrElse(
                            why -> invalid.put(
                                    acl,
                                    BrokerErrors.exception(
                                            Errors.INVALID_REQUEST,
                                            "Invalid ACL creation: " + why
                                                    + " (ANY, MATCH, UNKNOWN and null are for filters only)")),
                            () -> valid.add(acl));
        }
        if (valid.isEmpty()) {
            return CompletableFuture.completedFuture(new BatchResult<>(Map.of(), invalid));
        }
        CallSpec<AclBinding, Boolean> spec = CallSpec.of(
                "createAcls",
                Lane.GENERAL,
                (node, keys, timeout) -> createRequest(keys),
                (response, keys) -> createOutcomes((CreateAclsResponse) response.body(), keys));
        return RetryingCall.run(ctx, spec, Routers.anyBroker(ctx), valid, timeoutMs)
                .thenApply(sent -> {
                    if (invalid.isEmpty()) {
                        return sent;
                    }
                    Map<AclBinding, KafkaException> errors = new LinkedHashMap<>(sent.errors());
                    errors.putAll(invalid);
                    return new BatchResult<>(sent.values(), errors);
                });
    }

    CompletableFuture<BatchResult<AclBinding, List<AclBinding>>> deleteAcls(
            Collection<AclBinding> filters, long timeoutMs) {
        CallSpec<AclBinding, List<AclBinding>> spec = CallSpec.of(
                "deleteAcls",
                Lane.GENERAL,
                (node, keys, timeout) -> deleteRequest(keys),
                (response, keys) -> deleteOutcomes((DeleteAclsResponse) response.body(), keys));
        return RetryingCall.run(
                ctx, spec, Routers.anyBroker(ctx), List.copyOf(new LinkedHashSet<>(filters)), timeoutMs);
    }

    static ApiRequest createRequest(List<AclBinding> acls) {
        List<CreateAclsRequest.AclCreation> creations = new ArrayList<>();
        for (AclBinding acl : acls) {
            creations.add(CreateAclsRequest.AclCreation.builder()
                    .resourceType(acl.resourceType().id())
                    .resourceName(acl.resourceName())
                    .resourcePatternType(acl.patternType().id())
                    .principal(acl.principal())
                    .host(acl.host())
                    .operation(acl.operation().id())
                    .permissionType(acl.permission().id())
                    .build());
        }
        CreateAclsRequest body =
                CreateAclsRequest.builder().creations(creations).build();
        return ApiRequest.of(ApiKey.CREATE_ACLS, v -> body);
    }

    static Map<AclBinding, Outcome<Boolean>> createOutcomes(CreateAclsResponse response, List<AclBinding> keys) {
        Map<AclBinding, Outcome<Boolean>> out = new HashMap<>();
        List<CreateAclsResponse.AclCreationResult> results = response.results();
        // Results come in request order; a short answer leaves the rest out, so they are retried.
        for (int i = 0; i < Math.min(results.size(), keys.size()); i++) {
            CreateAclsResponse.AclCreationResult r = results.get(i);
            out.put(keys.get(i), Outcome.of(r.errorCode(), r.errorMessage(), Boolean.TRUE));
        }
        return out;
    }

    static ApiRequest deleteRequest(List<AclBinding> filters) {
        List<DeleteAclsRequest.DeleteAclsFilter> wanted = new ArrayList<>();
        for (AclBinding f : filters) {
            wanted.add(DeleteAclsRequest.DeleteAclsFilter.builder()
                    .resourceTypeFilter(f.resourceType().id())
                    .resourceNameFilter(f.resourceName())
                    .patternTypeFilter(f.patternType().id())
                    .principalFilter(f.principal())
                    .hostFilter(f.host())
                    .operation(f.operation().id())
                    .permissionType(f.permission().id())
                    .build());
        }
        DeleteAclsRequest body = DeleteAclsRequest.builder().filters(wanted).build();
        return ApiRequest.of(ApiKey.DELETE_ACLS, v -> body);
    }

    static Map<AclBinding, Outcome<List<AclBinding>>> deleteOutcomes(
            DeleteAclsResponse response, List<AclBinding> keys) {
        Map<AclBinding, Outcome<List<AclBinding>>> out = new HashMap<>();
        List<DeleteAclsResponse.DeleteAclsFilterResult> results = response.filterResults();
        for (int i = 0; i < Math.min(results.size(), keys.size()); i++) {
            DeleteAclsResponse.DeleteAclsFilterResult r = results.get(i);
            List<AclBinding> deleted = new ArrayList<>();
            for (DeleteAclsResponse.DeleteAclsMatchingAcl m : r.matchingAcls()) {
                deleted.add(new AclBinding(
                        AclBinding.ResourceType.forId(m.resourceType()),
                        m.resourceName(),
                        AclBinding.PatternType.forId(m.patternType()),
                        m.principal(),
                        m.host(),
                        AclBinding.Operation.forId(m.operation()),
                        AclBinding.Permission.forId(m.permissionType())));
            }
            out.put(keys.get(i), Outcome.of(r.errorCode(), r.errorMessage(), List.copyOf(deleted)));
        }
        return out;
    }
}
