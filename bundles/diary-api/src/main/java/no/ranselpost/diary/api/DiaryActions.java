package no.ranselpost.diary.api;

/** The ids of the diary capability's actions; the capability declares their rules. */
public final class DiaryActions {

    /** Write a post (news: the unit's staff; diary: the group's), add its photos, remove it. */
    public static final String POST_WRITE = "diary.post.write";
    /** Read posts and their photos: the staff of the unit or group, the guardians of its children. */
    public static final String POST_READ = "diary.post.read";
    /** Publish a plan (year, month, week) of a unit or group. */
    public static final String PLAN_WRITE = "diary.plan.write";
    /** Read plans: as posts. */
    public static final String PLAN_READ = "diary.plan.read";
    /**
     * Whether a reader may see a child with strengt fortrolig address in a photo: the staff of its
     * groups and unit, and those of its guardians who share the protection (ACCESS.md).
     */
    public static final String PROTECTED_CHILD_IN_PHOTO = "diary.photo.protected-child";

    private DiaryActions() {
    }
}
