package no.ranselpost.otheradults.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/**
 * Other adults by the custodians' consent. Every call asks the access policy; every change is
 * audited in its transaction (ids and codes only). A registration gives access only while the
 * access policy finds it holding (Scope.OTHER_ADULT): in its period, the child at its unit, every
 * custodian asked having consented and still holding responsibility.
 */
@ProviderType
public interface OtherAdultService {

    /** The unit admin registers an adult; every current custodian is asked for consent. */
    Registration register(AuthenticatedPrincipal principal, NewRegistration registration);

    /** A child's registrations (the unit admin; the child's custodians, each seeing their own answer). */
    List<Registration> forChild(AuthenticatedPrincipal principal, long childId);

    /** A custodian consents ({@code given}) or declines or withdraws: a withdrawal ends access on the very next request. */
    Registration answer(AuthenticatedPrincipal principal, long registrationId, boolean given);

    /** The unit admin records a custodian's written consent with a reason code. */
    Registration recordWritten(AuthenticatedPrincipal principal, long registrationId, long custodianPersonId, String reason);

    /** The unit admin ends a registration, with a reason code. */
    Registration end(AuthenticatedPrincipal principal, long registrationId, String reason);

    /** The adult's own registrations (the child's id and the period, nothing of the custodians). */
    List<Registration> mine(AuthenticatedPrincipal principal);
}
