package no.ranselpost.core.api;

import java.util.List;
import java.util.Optional;

/** Units and their groups. */
public interface UnitService {

    List<Unit> listUnits();

    Optional<Unit> findUnit(long unitId);

    /** The groups of a unit; empty when the unit does not exist. */
    List<Group> listGroups(long unitId);
}
