package no.ranselpost.messaging.api;

import java.util.List;

/**
 * Whom a message goes to. Staff name exactly one of: {@code families} (children whose families
 * receive it, each optionally limited to some of its guardians), {@code groupId} (every family of
 * the group), {@code unitId} (every family of the unit: unit admins), or {@code staffAccountIds}
 * (staff of the sender's unit). A guardian names {@code aboutChildId} and writes to the staff of
 * that child's group ({@code groupId}, by default the child's group) or to one named staff member
 * there ({@code staffAccountIds}, one id), and adds the other guardian only by naming them in
 * {@code alsoGuardianIds}. Recipients are resolved when the message is sent, from the relations
 * of that moment.
 */
public record Recipients(List<Family> families, Long groupId, Long unitId, List<Long> staffAccountIds, Long aboutChildId,
                         List<Long> alsoGuardianIds) {

    /** One child's family; {@code guardianIds} (person ids) limits it to some of its guardians, empty for all of them. */
    public record Family(long childId, List<Long> guardianIds) {
        public Family {
            guardianIds = guardianIds == null ? List.of() : List.copyOf(guardianIds);
        }
    }

    public Recipients {
        families = families == null ? List.of() : List.copyOf(families);
        staffAccountIds = staffAccountIds == null ? List.of() : List.copyOf(staffAccountIds);
        alsoGuardianIds = alsoGuardianIds == null ? List.of() : List.copyOf(alsoGuardianIds);
    }

    public static Recipients family(long childId) {
        return new Recipients(List.of(new Family(childId, List.of())), null, null, null, null, null);
    }

    public static Recipients group(long groupId) {
        return new Recipients(null, groupId, null, null, null, null);
    }

    public static Recipients unit(long unitId) {
        return new Recipients(null, null, unitId, null, null, null);
    }
}
