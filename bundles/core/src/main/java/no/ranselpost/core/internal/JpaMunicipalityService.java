package no.ranselpost.core.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.core.api.Municipality;
import no.ranselpost.core.api.MunicipalityService;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.MunicipalityEntity;

@Component(service = MunicipalityService.class)
public class JpaMunicipalityService implements MunicipalityService {

    private final Transactions tx;

    @Activate
    public JpaMunicipalityService(@Reference Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Municipality> get() {
        return tx.inTransaction(em -> em.createQuery("select m from MunicipalityEntity m order by m.id", MunicipalityEntity.class)
                .setMaxResults(1).getResultList().stream()
                .map(m -> new Municipality(m.getId(), m.getNumber(), m.getName()))
                .findFirst());
    }
}
