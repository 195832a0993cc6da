package no.ranselpost.consent.api;

import java.time.OffsetDateTime;

/**
 * One answer, as staff see it: a custodian's (guardianPersonId) or the pupil's own (byPupil,
 * with the reason code staff gave); superseded answers are the history.
 */
public record ConsentAnswer(long id, long kindId, Long guardianPersonId, boolean byPupil, boolean given, String reasonCode,
                            long answeredByAccount, OffsetDateTime answeredAt, OffsetDateTime supersededAt) {
}
