package no.ranselpost.audit.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.UNIT;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.core.api.Role;

/** The audit trail's actions (ACCESS.md: audit queries by SYSTEM_ADMIN, and UNIT_ADMIN for their unit). */
@Component(service = AccessDeclaration.class)
public class AuditAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "audit";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(AuditActions.VERIFY, "Check the audit trail up to the latest seal", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(AuditActions.SEAL, "Seal the audit trail now", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(AuditActions.QUERY, "Who read or changed an object; what a principal did (a unit admin: their units' records)",
                        of(Role.SYSTEM_ADMIN, KOMMUNE), of(Role.UNIT_ADMIN, UNIT)));
    }
}
