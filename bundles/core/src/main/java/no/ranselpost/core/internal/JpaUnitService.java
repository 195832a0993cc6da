package no.ranselpost.core.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.core.api.Group;
import no.ranselpost.core.api.Unit;
import no.ranselpost.core.api.UnitService;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.UnitEntity;

@Component(service = UnitService.class)
public class JpaUnitService implements UnitService {

    private final Transactions tx;

    @Activate
    public JpaUnitService(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<Unit> listUnits() {
        return tx.inTransaction(em -> em.createQuery(
                        "select u from UnitEntity u order by u.name, u.unitType", UnitEntity.class)
                .getResultList().stream().map(JpaUnitService::toUnit).toList());
    }

    @Override
    public Optional<Unit> findUnit(long unitId) {
        return tx.inTransaction(em -> Optional.ofNullable(em.find(UnitEntity.class, unitId)).map(JpaUnitService::toUnit));
    }

    @Override
    public List<Group> listGroups(long unitId) {
        return tx.inTransaction(em -> em.createQuery(
                        "select g from GroupEntity g where g.unit.id = :unit order by g.code", GroupEntity.class)
                .setParameter("unit", unitId)
                .getResultList().stream()
                .map(g -> new Group(g.getId(), unitId, g.getCode(), g.getName(), g.getGroupType()))
                .toList());
    }

    static Unit toUnit(UnitEntity u) {
        return new Unit(u.getId(), u.getOrgNumber(), u.getUnitType(), u.getName());
    }
}
