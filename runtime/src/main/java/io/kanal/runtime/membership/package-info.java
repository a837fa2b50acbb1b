/**
 * How a worker learns what it owns: {@link io.kanal.runtime.membership.StandaloneMembership} owns everything;
 * distributed mode will join Connect's worker group.
 */
package io.kanal.runtime.membership;
