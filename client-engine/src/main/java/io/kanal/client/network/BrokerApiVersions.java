package io.kanal.client.network;

import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.message.ApiVersionsResponse;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What one broker supports, from its ApiVersions response: a version range per API and the finalized features (such as
 * {@code transaction.version}).
 *
 * @param ranges the broker's range per API that Kanal also knows
 * @param finalizedFeatures finalized feature levels, by name
 * @param finalizedFeaturesEpoch the epoch of those levels (it grows with every change), or -1 if unknown
 */
public record BrokerApiVersions(
        Map<ApiKey, VersionRange> ranges, Map<String, Short> finalizedFeatures, long finalizedFeaturesEpoch) {

    /**
     * An inclusive range of versions.
     *
     * @param min the lowest version
     * @param max the highest version
     */
    public record VersionRange(short min, short max) {}

    /** Copies the maps. */
    public BrokerApiVersions {
        ranges = Collections.unmodifiableMap(new EnumMap<>(ranges.isEmpty() ? new EnumMap<>(ApiKey.class) : ranges));
        finalizedFeatures = Map.copyOf(finalizedFeatures);
    }

    /**
     * Reads a broker's answer. APIs the broker knows but Kanal does not are left out.
     *
     * @param response the ApiVersions response
     * @return the table
     */
    public static BrokerApiVersions from(ApiVersionsResponse response) {
        Map<ApiKey, VersionRange> ranges = new EnumMap<>(ApiKey.class);
        for (ApiVersionsResponse.ApiVersion v : response.apiKeys()) {
            ApiKey api = ApiKey.forId(v.apiKey());
            if (api != null) {
                ranges.put(api, new VersionRange(v.minVersion(), v.maxVersion()));
            }
        }
        Map<String, Short> features = new HashMap<>();
        for (ApiVersionsResponse.FinalizedFeatureKey f : response.finalizedFeatures()) {
            features.put(f.name(), f.maxVersionLevel());
        }
        return new BrokerApiVersions(ranges, features, response.finalizedFeaturesEpoch());
    }

    /**
     * Picks the highest version that Kanal, the caller and the broker all accept.
     *
     * @param api the API
     * @param callerMin the lowest version the caller accepts
     * @param callerMax the highest version the caller accepts
     * @return the version, or -1 if there is none
     */
    public short select(ApiKey api, short callerMin, short callerMax) {
        VersionRange broker = ranges.get(api);
        if (broker == null) {
            return -1;
        }
        int max = Math.min(Math.min(callerMax, api.highestVersion()), broker.max());
        int min = Math.max(Math.max(callerMin, api.lowestVersion()), broker.min());
        return max >= min ? (short) max : -1;
    }

    /**
     * The broker's range for an API.
     *
     * @param api the API
     * @return the range, or null if the broker does not support it
     */
    public VersionRange range(ApiKey api) {
        return ranges.get(api);
    }
}
