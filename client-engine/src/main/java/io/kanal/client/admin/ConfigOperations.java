package io.kanal.client.admin;

import io.kanal.client.network.ApiRequest;
import io.kanal.client.network.Lane;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.DescribeConfigsRequest;
import io.kanal.client.protocol.message.DescribeConfigsResponse;
import io.kanal.client.protocol.message.IncrementalAlterConfigsRequest;
import io.kanal.client.protocol.message.IncrementalAlterConfigsResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs and IncrementalAlterConfigs. Topic resources and the cluster-wide broker defaults go to any broker; a
 * broker's own configs and loggers go to that broker, the only one that knows its static settings. Stateless.
 */
final class ConfigOperations {
    private final AdminContext ctx;

    ConfigOperations(AdminContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<BatchResult<ConfigResource, Map<String, ConfigEntry>>> describeConfigs(
            Collection<ConfigResource> resources, long timeoutMs) {
        CallSpec<ConfigResource, Map<String, ConfigEntry>> spec = CallSpec.of(
                "describeConfigs",
                Lane.GENERAL,
                (node, keys, timeout) -> describeRequest(keys),
                (response, keys) -> describeOutcomes((DescribeConfigsResponse) response.body()));
        return RetryingCall.run(
                ctx, spec, Routers.byNodeId(ctx, ConfigResource::nodeId), List.copyOf(resources), timeoutMs);
    }

    static ApiRequest describeRequest(List<ConfigResource> resources) {
        List<DescribeConfigsRequest.DescribeConfigsResource> wanted = new ArrayList<>();
        for (ConfigResource r : resources) {
            wanted.add(DescribeConfigsRequest.DescribeConfigsResource.builder()
                    .resourceType(r.type().id())
                    .resourceName(r.name())
                    .configurationKeys(null)
                    .build());
        }
        DescribeConfigsRequest body =
                DescribeConfigsRequest.builder().resources(wanted).build();
        return ApiRequest.of(ApiKey.DESCRIBE_CONFIGS, v -> body);
    }

    static Map<ConfigResource, Outcome<Map<String, ConfigEntry>>> describeOutcomes(DescribeConfigsResponse response) {
        Map<ConfigResource, Outcome<Map<String, ConfigEntry>>> out = new HashMap<>();
        for (DescribeConfigsResponse.DescribeConfigsResult r : response.results()) {
            Map<String, ConfigEntry> entries = new LinkedHashMap<>();
            for (DescribeConfigsResponse.DescribeConfigsResourceResult c : r.configs()) {
                entries.put(
                        c.name(),
                        new ConfigEntry(
                                c.name(),
                                c.value(),
                                ConfigSource.forId(c.configSource()),
                                c.readOnly(),
                                c.isSensitive()));
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.forId(r.resourceType()), r.resourceName());
            out.put(resource, Outcome.of(r.errorCode(), r.errorMessage(), Map.copyOf(entries)));
        }
        return out;
    }

    CompletableFuture<BatchResult<ConfigResource, Boolean>> incrementalAlterConfigs(
            Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly, long timeoutMs) {
        CallSpec<ConfigResource, Boolean> spec = CallSpec.of(
                "incrementalAlterConfigs",
                Lane.GENERAL,
                (node, keys, timeout) -> alterRequest(keys, changes, validateOnly),
                (response, keys) -> {
                    Map<ConfigResource, Outcome<Boolean>> out = new HashMap<>();
                    for (IncrementalAlterConfigsResponse.AlterConfigsResourceResponse r :
                            ((IncrementalAlterConfigsResponse) response.body()).responses()) {
                        ConfigResource resource =
                                new ConfigResource(ConfigResource.Type.forId(r.resourceType()), r.resourceName());
                        out.put(resource, Outcome.of(r.errorCode(), r.errorMessage(), Boolean.TRUE));
                    }
                    return out;
                });
        return RetryingCall.run(
                ctx, spec, Routers.byNodeId(ctx, ConfigResource::nodeId), List.copyOf(changes.keySet()), timeoutMs);
    }

    static ApiRequest alterRequest(
            List<ConfigResource> resources, Map<ConfigResource, List<AlterConfigOp>> changes, boolean validateOnly) {
        List<IncrementalAlterConfigsRequest.AlterConfigsResource> wanted = new ArrayList<>();
        for (ConfigResource r : resources) {
            List<IncrementalAlterConfigsRequest.AlterableConfig> configs = new ArrayList<>();
            for (AlterConfigOp op : changes.get(r)) {
                configs.add(IncrementalAlterConfigsRequest.AlterableConfig.builder()
                        .name(op.name())
                        .configOperation(op.type().id())
                        .value(op.type() == AlterConfigOp.OpType.DELETE ? null : op.value())
                        .build());
            }
            wanted.add(IncrementalAlterConfigsRequest.AlterConfigsResource.builder()
                    .resourceType(r.type().id())
                    .resourceName(r.name())
                    .configs(configs)
                    .build());
        }
        IncrementalAlterConfigsRequest body = IncrementalAlterConfigsRequest.builder()
                .resources(wanted)
                .validateOnly(validateOnly)
                .build();
        return ApiRequest.of(ApiKey.INCREMENTAL_ALTER_CONFIGS, v -> body);
    }
}
