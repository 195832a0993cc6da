package no.ranselpost.registry.api;

import java.time.LocalDate;

import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;

/**
 * One entry of the child's foreldreansvar: who holds it, which kind, and whether the entry is
 * current (erGjeldende). Only current entries with a responsibility other than ukjent make a
 * guardian.
 */
public record ResponsibilityRecord(String holderNationalId, ParentalResponsibility responsibility, GuardianRelation relation,
                                   boolean current, LocalDate validFrom) implements java.io.Serializable {
}
