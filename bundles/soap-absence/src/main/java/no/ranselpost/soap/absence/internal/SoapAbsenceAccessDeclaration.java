package no.ranselpost.soap.absence.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.Role;

/**
 * The action of AbsenceService.getAbsence (ACCESS.md: the school administration system reads a
 * unit's absences): the INTEGRATION account of the source that enrols the unit's children. The
 * absence capability then decides on the unit itself (its kind {@code absence.unit-source}).
 */
@Component(service = AccessDeclaration.class)
public class SoapAbsenceAccessDeclaration implements AccessDeclaration {

    static final String GET_ABSENCE = "soap-absence.unit.read-absence";

    @Override
    public String capability() {
        return "soap-absence";
    }

    @Override
    public List<Action> actions() {
        return List.of(Action.of(GET_ABSENCE, "SOAP AbsenceService.getAbsence: a unit's absences over a period, for the school "
                + "administration system whose source enrols its children", of(Role.INTEGRATION, OWN_SOURCE)));
    }
}
