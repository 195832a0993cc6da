package no.ranselpost.core.api;

import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Units and their groups, read on behalf of a principal. */
public interface UnitService {

    List<Unit> listUnits(AuthenticatedPrincipal principal);

    Unit unit(AuthenticatedPrincipal principal, long unitId);

    /** The groups of a unit. */
    List<Group> listGroups(AuthenticatedPrincipal principal, long unitId);
}
