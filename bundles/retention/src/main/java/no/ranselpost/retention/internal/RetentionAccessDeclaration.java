package no.ranselpost.retention.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.Role;
import no.ranselpost.retention.api.RetentionActions;

/** Retention's actions: SYSTEM_ADMIN only (ACCESS.md: configuration and jobs are the system administrator's). */
@Component(service = AccessDeclaration.class)
public class RetentionAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "retention";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(RetentionActions.RUN, "Run retention now: children who left, their guardians, old sessions, run inputs, "
                        + "retry lists, rejections, every capability's data and old audit records", of(Role.SYSTEM_ADMIN, KOMMUNE)),
                Action.of(RetentionActions.READ, "The history of retention runs with their counts per kind", of(Role.SYSTEM_ADMIN, KOMMUNE)));
    }
}
