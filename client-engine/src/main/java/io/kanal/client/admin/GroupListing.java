package io.kanal.client.admin;

import java.util.Optional;

/**
 * A group as ListGroups reports it.
 *
 * @param groupId the group id
 * @param protocolType the protocol type ("consumer", "connect", ...; "" for groups without one)
 * @param type the group type, if the broker reports it (ListGroups v5+)
 * @param state the state ("Stable", "Empty", ...), if the broker reports it (ListGroups v4+)
 */
public record GroupListing(String groupId, String protocolType, Optional<GroupType> type, Optional<String> state) {}
