package io.kanal.client.consumer.internals;

/**
 * Who commits: the group member's id and epoch at one moment, or {@link #NONE} for a consumer outside any group
 * (manual assignment), which commits with epoch -1 as admin tools do.
 *
 * @param memberId the member id, empty when not a member
 * @param memberEpoch the member epoch, -1 when not a member
 */
record MemberIdentity(String memberId, int memberEpoch) {
    /** Not a member. */
    public static final MemberIdentity NONE = new MemberIdentity("", -1);

    /**
     * Whether this is a group member with an epoch.
     *
     * @return true if epoch is positive
     */
    public boolean isMember() {
        return memberEpoch > 0;
    }
}
