package no.ranselpost.core.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.OverrideActions;

/** Overrides of imported data (ACCESS.md: "imports, overrides of locked fields": SYSTEM_ADMIN with a reason). */
@Component(service = AccessDeclaration.class)
public class OverrideDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "overrides";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(OverrideActions.OVERRIDE, "Override an imported, locked field of a person, with a reason", of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(OverrideActions.LIFT, "Lift an override: the source's value applies again", of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(OverrideActions.READ, "Which overrides apply to a person", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(OverrideActions.EDIT, "Edit the names of a person no source describes", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)));
    }
}
