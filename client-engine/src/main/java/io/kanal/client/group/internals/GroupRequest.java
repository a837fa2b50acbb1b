package io.kanal.client.group.internals;

import io.kanal.client.group.ClassicGroupConfig;
import io.kanal.client.protocol.ApiKey;
import io.kanal.client.protocol.ApiMessage;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A request the {@link ClassicMembershipStateMachine} wants sent to the group coordinator now. The driver sends it on
 * the coordinator's GROUP lane with a version in {@code [minVersion, maxVersion]} (for example as
 * {@code new ApiRequest(r.api(), r.minVersion(), r.maxVersion(), r::body)}) and timeout {@link #timeoutMs()}, then
 * feeds the outcome back with {@link ClassicMembershipStateMachine#onResponse} or
 * {@link ClassicMembershipStateMachine#onRequestFailed} under {@link #id()}.
 *
 * <p>Immutable.
 */
public final class GroupRequest {
    private final long id;
    private final ApiKey api;
    private final short minVersion;
    private final int timeoutMs;
    private final IntFunction<ApiMessage> body;

    GroupRequest(long id, ApiKey api, short minVersion, int timeoutMs, IntFunction<ApiMessage> body) {
        this.id = id;
        this.api = Objects.requireNonNull(api, "api");
        this.minVersion = minVersion;
        this.timeoutMs = timeoutMs;
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * Identifies the request when its outcome is fed back; outcomes of requests the machine has given up on are
     * ignored.
     *
     * @return the id, unique per machine
     */
    public long id() {
        return id;
    }

    /**
     * The API: JoinGroup, SyncGroup, Heartbeat or LeaveGroup.
     *
     * @return the API key
     */
    public ApiKey api() {
        return api;
    }

    /**
     * The lowest version that can carry this request (a static member needs the versions with
     * {@code GroupInstanceId}).
     *
     * @return the version
     */
    public short minVersion() {
        return minVersion;
    }

    /**
     * The highest version the machine handles.
     *
     * @return the version
     */
    public short maxVersion() {
        return api.highestVersion();
    }

    /**
     * How long to wait for the response before failing the request: {@code request.timeout.ms}, or for a JoinGroup
     * {@link ClassicGroupConfig#joinGroupTimeoutMs()}.
     *
     * @return milliseconds
     */
    public int timeoutMs() {
        return timeoutMs;
    }

    /**
     * The body for the version the driver negotiated with the broker.
     *
     * @param version a version in {@code [minVersion, maxVersion]}
     * @return the body
     */
    public ApiMessage body(short version) {
        if (version < minVersion || version > maxVersion()) {
            throw new IllegalArgumentException(api.apiName() + " v" + version + " is outside the range " + minVersion
                    + "-" + maxVersion() + " of this request");
        }
        return body.apply(version);
    }

    /**
     * The body at the highest version.
     *
     * @return the body
     */
    public ApiMessage body() {
        return body(maxVersion());
    }

    @Override
    public String toString() {
        return api.apiName() + "#" + id + " " + body();
    }
}
