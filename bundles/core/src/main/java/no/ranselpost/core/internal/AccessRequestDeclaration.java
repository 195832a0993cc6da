package no.ranselpost.core.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.KOMMUNE;
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
import no.ranselpost.access.api.Facts;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.api.TargetKind;
import no.ranselpost.core.api.AccessRequestActions;
import no.ranselpost.persistence.api.Transactions;

/** Guardians' access requests (seed 000): any guardian session asks; the request's unit admin decides. */
@Component(service = AccessDeclaration.class)
public class AccessRequestDeclaration implements AccessDeclaration {

    private final Transactions tx;

    @Activate
    public AccessRequestDeclaration(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public String capability() {
        return "access-requests";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(AccessRequestActions.CREATE, "A guardian asks a unit for access for a child they hold parental responsibility "
                        + "for (seed 000's form)", of(GUARDIAN, SELF)),
                Action.of(AccessRequestActions.READ_OWN, "A guardian's own access requests and their answers", of(GUARDIAN, SELF)),
                Action.of(AccessRequestActions.LIST, "A unit's guardians' access requests", of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)),
                Action.of(AccessRequestActions.DECIDE, "Activate a guardian from their request, or decline it with a reason",
                        of(SYSTEM_ADMIN, KOMMUNE), of(UNIT_ADMIN, UNIT)));
    }

    @Override
    public List<TargetKind> targetKinds() {
        return List.of(new TargetKind(AccessRequestActions.KIND, this::request));
    }

    private Facts request(Target t) {
        return tx.inTransaction(em -> {
            List<Object[]> rows = em.createQuery("select r.unit.id, r.child.id from AccessRequestEntity r where r.id = :id", Object[].class)
                    .setParameter("id", t.id()).getResultList();
            return rows.isEmpty() ? Facts.NONE : Facts.of(Set.of((Long) rows.get(0)[0]), Set.of(), Set.of((Long) rows.get(0)[1]));
        });
    }
}
