package no.ranselpost.audit.api;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/** Who read or changed an object, and what a principal did. */
public interface AuditQueries {

    /**
     * Records about one object between two times, newest first.
     *
     * @param unitIds when not null, only records made in the context of these units
     */
    List<AuditRecord> aboutObject(long objectId, OffsetDateTime from, OffsetDateTime to, Collection<Long> unitIds, int max);

    /** Records of one principal ({@code account:<id>}) between two times, newest first. */
    List<AuditRecord> byPrincipal(String principal, OffsetDateTime from, OffsetDateTime to, Collection<Long> unitIds, int max);
}
