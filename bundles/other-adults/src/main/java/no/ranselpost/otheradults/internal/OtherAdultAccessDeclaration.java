package no.ranselpost.otheradults.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
import static no.ranselpost.access.api.Scope.OWN_CHILD;
import static no.ranselpost.access.api.Scope.SELF;
import static no.ranselpost.access.api.Scope.UNIT;
import static no.ranselpost.core.api.Role.GUARDIAN;
import static no.ranselpost.core.api.Role.SYSTEM_ADMIN;
import static no.ranselpost.core.api.Role.UNIT_ADMIN;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.access.api.Condition;
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.otheradults.api.OtherAdultActions;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.OtherAdultEntity;

/**
 * Other adults' rules (ACCESS.md, "other adults by consent"): the unit admin registers (SYSTEM_ADMIN
 * everywhere), custodians consent and withdraw, and nothing of it exists unless the kommune's
 * setting {@code otherAdults} is on. What a registered adult may do is declared by the capability
 * that owns the data (messaging, absence, attendance), with Scope.OTHER_ADULT.
 */
@Component(service = AccessDeclaration.class)
public class OtherAdultAccessDeclaration implements AccessDeclaration {

    private static final Condition ON = Condition.settingOn(OtherAdultActions.SETTING);
    private final Transactions tx;

    @Activate
    public OtherAdultAccessDeclaration(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public String capability() {
        return "other-adults";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(OtherAdultActions.REGISTER, "Register an adult for one child for a period, on the custodians' consent (setting otherAdults)",
                        of(UNIT_ADMIN, UNIT, ON), of(SYSTEM_ADMIN, KOMMUNE, ON)),
                Action.of(OtherAdultActions.READ, "A child's registrations (custodians: their own answer)", of(UNIT_ADMIN, UNIT, ON),
                        of(SYSTEM_ADMIN, KOMMUNE, ON), of(GUARDIAN, OWN_CHILD, ON)),
                Action.of(OtherAdultActions.CONSENT, "A custodian consents to a registration, declines, or withdraws", of(GUARDIAN, OWN_CHILD, ON)),
                Action.of(OtherAdultActions.WRITTEN_CONSENT, "Record a custodian's written consent with a reason code", of(UNIT_ADMIN, UNIT, ON),
                        of(SYSTEM_ADMIN, KOMMUNE, ON)),
                Action.of(OtherAdultActions.END, "End a registration with a reason code", of(UNIT_ADMIN, UNIT, ON), of(SYSTEM_ADMIN, KOMMUNE, ON)),
                Action.of(OtherAdultActions.MINE, "The adult's own registrations (child and period only)", of(GUARDIAN, SELF, ON)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(OtherAdultActions.REGISTRATION, t -> tx.inTransaction(em -> {
            OtherAdultEntity r = em.find(OtherAdultEntity.class, t.id());
            return r == null ? Facts.NONE : Facts.of(Set.of(r.getUnitId()), Set.of(), Set.of(r.getChildId()));
        })));
    }
}
