package no.ranselpost.consent.api;

import java.util.List;

/**
 * One consent kind for one child: whether it holds today, whether the pupil answers for themselves,
 * the reader's own answer (a custodian's; null when not answered, or for staff), and for staff
 * the answers behind it (null for everyone else: nobody else sees another's answers).
 */
public record ChildConsent(long childId, long kindId, String code, String use, int schoolYear, boolean holds, boolean answeredByPupil,
                           Boolean ownAnswer, List<ConsentAnswer> answers) {
}
