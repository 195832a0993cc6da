package no.ranselpost.consent.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.GROUP;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.EMPLOYEE;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.LEADER;
import static no.ranselpost.core.api.Role.SHARED_ACCOUNT;
import static no.ranselpost.core.api.Role.SUBSTITUTE;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.consent.api.ConsentActions;

/**
 * Consent's rules (ACCESS.md, "consent answers": the system administrator, the unit, the groups,
 * the department's shared account photo yes/no only; custodians answer for their own child and
 * never see another child's answers). The kinds and their texts hold no personal data.
 */
@Component(service = AccessDeclaration.class)
public class ConsentAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "consent";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(ConsentActions.KIND_MANAGE, "Define a consent kind (use, texts, school year) and renew it for the next school year",
                        of(SYSTEM_ADMIN, KOMMUNE)),
                Action.of(ConsentActions.KIND_READ, "The consent kinds asked for and their texts (no personal data)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, KOMMUNE), of(LEADER, KOMMUNE), of(EMPLOYEE, KOMMUNE), of(SUBSTITUTE, KOMMUNE),
                        of(SHARED_ACCOUNT, KOMMUNE), of(GUARDIAN, KOMMUNE)),
                Action.of(ConsentActions.ANSWER, "A custodian gives or withdraws a consent for their own child", of(GUARDIAN, OWN_CHILD)),
                Action.of(ConsentActions.PUPIL_ANSWER, "Record a pupil's own answer (15 or older), with a reason code",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)),
                Action.of(ConsentActions.CHILD_READ, "A child's consents (custodians: their own answer and whether it holds)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP),
                        of(SHARED_ACCOUNT, GROUP), of(GUARDIAN, OWN_CHILD)),
                Action.of(ConsentActions.GROUP_READ, "Per group, who has consented to what",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP),
                        of(SHARED_ACCOUNT, GROUP)),
                Action.of(ConsentActions.ANSWERS_READ, "The answers behind a consent and their history (not the shared account: yes/no only)",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT), of(LEADER, GROUP), of(EMPLOYEE, GROUP), of(SUBSTITUTE, GROUP)));
    }
}
