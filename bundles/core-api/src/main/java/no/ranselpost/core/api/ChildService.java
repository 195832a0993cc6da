package no.ranselpost.core.api;

import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Children, always read on behalf of a principal: access is asked on every call, reads are audited. */
public interface ChildService {

    /** The children enrolled today in a group, filtered in the database by the principal's scope. */
    List<ChildView> childrenOfGroup(AuthenticatedPrincipal principal, long groupId);

    /**
     * One child with guardians, contact details and address as far as the principal may see them.
     *
     * @param reason a reason code; a SYSTEM_ADMIN sees confidential addresses only with one
     */
    ChildView child(AuthenticatedPrincipal principal, long childId, String reason);

    /** A guardian's own children. */
    List<ChildView> ownChildren(AuthenticatedPrincipal principal);
}
