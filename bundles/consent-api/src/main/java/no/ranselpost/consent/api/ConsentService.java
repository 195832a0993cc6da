package no.ranselpost.consent.api;

import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** Consents, always on behalf of a principal: access asked on every call, every answer audited in its transaction. */
public interface ConsentService {

    ConsentKind defineKind(AuthenticatedPrincipal principal, NewConsentKind kind);

    /** The same kind for the next school year, with the same texts unless new ones are given: everyone is asked again. */
    ConsentKind renewKind(AuthenticatedPrincipal principal, long kindId, NewConsentKind texts);

    /** The kinds asked for today or later (those of past school years are history). */
    List<ConsentKind> kinds(AuthenticatedPrincipal principal);

    /**
     * A custodian's answer for their child: {@code given} true gives the consent, false refuses or
     * withdraws it (effective on the very next request). Refused once the pupil answers for themselves.
     */
    ChildConsent answer(AuthenticatedPrincipal principal, long childId, long kindId, boolean given);

    /**
     * Staff record a pupil's own answer (the pupil is 15 or older; pupils have no accounts), with a
     * reason code ({@code pupil-in-person}, {@code pupil-in-writing}); from then on the custodians'
     * answers no longer count for that consent.
     */
    ChildConsent recordPupilAnswer(AuthenticatedPrincipal principal, long childId, long kindId, boolean given, String reason);

    /** A child's consents in force, as the reader may see them. */
    List<ChildConsent> child(AuthenticatedPrincipal principal, long childId);

    /** Per group, who has consented to what (staff). */
    GroupConsents group(AuthenticatedPrincipal principal, long groupId);
}
