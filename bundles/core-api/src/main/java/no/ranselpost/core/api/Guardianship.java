package no.ranselpost.core.api;

import java.time.LocalDate;

/**
 * The link between a child and an adult as FREG records it: the relation and the parental
 * responsibility. Only a current link with responsibility other than {@code ukjent} makes the
 * adult a guardian.
 */
public record Guardianship(long id, long childId, long guardianId, GuardianRelation relation,
                           ParentalResponsibility responsibility, boolean current,
                           LocalDate validFrom, LocalDate validTo) {

    public boolean grantsAccess() {
        return current && responsibility.grantsAccess();
    }
}
