package no.ranselpost.core.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.Unit;
import no.ranselpost.core.api.UnitService;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.UnitEntity;

@Component(service = UnitService.class)
public class JpaUnitService implements UnitService {

    private final Transactions tx;
    private final AccessPolicy access;

    @Activate
    public JpaUnitService(@Reference Transactions tx, @Reference AccessPolicy access) {
        this.tx = tx;
        this.access = access;
    }

    @Override
    public List<Unit> listUnits(AuthenticatedPrincipal principal) {
        access.require(principal, CoreActions.UNIT_LIST, Target.NONE);
        return tx.inTransaction(em -> em.createQuery(
                        "select u from UnitEntity u order by u.name, u.unitType", UnitEntity.class)
                .getResultList().stream().map(JpaUnitService::toUnit).toList());
    }

    @Override
    public Unit unit(AuthenticatedPrincipal principal, long unitId) {
        access.require(principal, CoreActions.UNIT_READ, Target.unit(unitId));
        return tx.inTransaction(em -> {
            UnitEntity u = em.find(UnitEntity.class, unitId);
            if (u == null) {
                throw new NoSuchObjectException("No unit " + unitId);
            }
            return toUnit(u);
        });
    }

    @Override
    public List<Group> listGroups(AuthenticatedPrincipal principal, long unitId) {
        // a unit that does not exist is a 404 for whoever may list groups at all; a role that never may keeps 403
        if (access.mayEver(principal, CoreActions.GROUP_LIST)
                && tx.inTransaction(em -> em.find(UnitEntity.class, unitId) == null)) {
            throw new NoSuchObjectException("No unit " + unitId);
        }
        access.require(principal, CoreActions.GROUP_LIST, Target.unit(unitId));
        return tx.inTransaction(em -> {
            if (em.find(UnitEntity.class, unitId) == null) {
                throw new NoSuchObjectException("No unit " + unitId);
            }
            return em.createQuery("select g from GroupEntity g where g.unit.id = :unit order by g.code", GroupEntity.class)
                    .setParameter("unit", unitId)
                    .getResultList().stream()
                    .map(g -> new Group(g.getId(), unitId, g.getCode(), g.getName(), g.getGroupType()))
                    .toList();
        });
    }

    static Unit toUnit(UnitEntity u) {
        return new Unit(u.getId(), u.getOrgNumber(), u.getUnitType(), u.getName());
    }
}
