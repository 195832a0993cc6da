package no.ranselpost.access.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessActions;
import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.Role;

/** The access bundle's own action: reading the rules in force (OWNER reviews them; SYSTEM_ADMIN operates them). */
@Component(service = AccessDeclaration.class)
public class AccessOwnDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "access";
    }

    @Override
    public List<Action> actions() {
        return List.of(Action.of(AccessActions.POLICY_READ, "The declared actions with their rules and the anonymous endpoints",
                of(Role.OWNER, KOMMUNE), of(Role.SYSTEM_ADMIN, KOMMUNE)));
    }
}
