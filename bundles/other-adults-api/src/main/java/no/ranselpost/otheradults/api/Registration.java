package no.ranselpost.otheradults.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A registration as its reader may see it: staff see the adult's name and every custodian's
 * answer; a custodian sees the adult's name and their own answer; the adult sees the child and
 * the period only. {@code holds} says whether it gives access today.
 */
public record Registration(long id, long childId, long unitId, Long adultPersonId, String adultName, LocalDate validFrom, LocalDate validTo,
                           boolean holds, List<Consent> consents, OffsetDateTime endedAt, String endReason) {

    /** One custodian's answer: PENDING, GIVEN, WITHDRAWN or DECLINED; kind API or WRITTEN. */
    public record Consent(long custodianPersonId, String state, String kind, String reasonCode, OffsetDateTime answeredAt) {
    }
}
