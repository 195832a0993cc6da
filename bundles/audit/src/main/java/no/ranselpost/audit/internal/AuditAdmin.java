package no.ranselpost.audit.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.AuditAdministration;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditQueries;
import no.ranselpost.audit.api.AuditRecord;
import no.ranselpost.audit.api.AuditSeals;
import no.ranselpost.audit.api.Seal;
import no.ranselpost.audit.api.VerifyReport;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The trail's operations on behalf of a principal; the access bundle decides. */
@Component(service = AuditAdministration.class)
public class AuditAdmin implements AuditAdministration {

    private final AccessPolicy access;
    private final AuditSeals seals;
    private final AuditQueries queries;

    @Activate
    public AuditAdmin(@Reference AccessPolicy access, @Reference AuditSeals seals, @Reference AuditQueries queries) {
        this.access = access;
        this.seals = seals;
        this.queries = queries;
    }

    @Override
    public VerifyReport verify(AuthenticatedPrincipal principal) {
        access.require(principal, AuditActions.VERIFY, Target.NONE);
        return seals.verify();
    }

    @Override
    public Optional<Seal> sealNow(AuthenticatedPrincipal principal) {
        access.require(principal, AuditActions.SEAL, Target.NONE);
        return seals.sealNow();
    }

    @Override
    public List<AuditRecord> query(AuthenticatedPrincipal principal, Long objectId, String principalFilter, OffsetDateTime from,
                                   OffsetDateTime to, int max) {
        access.requireAnyRole(principal, AuditActions.QUERY);
        if ((objectId == null) == (principalFilter == null)) {
            throw new InvalidRequestException("Give exactly one of 'objectId' and 'principal'");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidRequestException("'from' is after 'to'");
        }
        // null: every unit (SYSTEM_ADMIN); else the records made in the principal's own units
        Set<Long> units = access.units(principal, AuditActions.QUERY);
        int limit = Math.max(1, Math.min(max, 1000));
        return objectId != null ? queries.aboutObject(objectId, from, to, units, limit)
                : queries.byPrincipal(AuditCodes.requirePrincipal(principalFilter), from, to, units, limit);
    }
}
