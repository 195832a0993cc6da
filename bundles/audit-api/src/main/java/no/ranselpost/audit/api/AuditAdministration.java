package no.ranselpost.audit.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The audit trail's operations on behalf of a principal (SYSTEM_ADMIN; UNIT_ADMIN for their units' records). */
public interface AuditAdministration {

    VerifyReport verify(AuthenticatedPrincipal principal);

    Optional<Seal> sealNow(AuthenticatedPrincipal principal);

    /** Exactly one of objectId and principalFilter is given. */
    List<AuditRecord> query(AuthenticatedPrincipal principal, Long objectId, String principalFilter, OffsetDateTime from,
                            OffsetDateTime to, int max);
}
