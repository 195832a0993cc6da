package no.ranselpost.identity.api;

import java.util.Objects;

import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;

/**
 * What a provider proved: who signed in, as which account kind, how strongly, and the
 * provider's own session (for sign-out). Never logged: {@link #toString()} hides the person.
 *
 * @param providerId        the {@link IdentityProvider#id()} that proved it
 * @param kind              the account kind the session acts as
 * @param nationalId        the person's national identity number (ID-porten's {@code pid}), or null
 * @param subject           the provider's subject ({@code sub}, pairwise for ID-porten), or null
 * @param assurance         how strongly the person signed in
 * @param acr               the provider's level as it named it ({@code idporten-loa-high}), or null
 * @param providerSessionId the provider's session id ({@code sid}), for front-channel logout; or null
 * @param idTokenHint       the id_token, kept on the server for the provider's end-session call; or null
 */
public record VerifiedIdentity(String providerId, AccountKind kind, String nationalId, String subject, Assurance assurance,
                               String acr, String providerSessionId, String idTokenHint) {

    public VerifiedIdentity {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(assurance, "assurance");
        if (nationalId == null && subject == null) {
            throw new IllegalArgumentException("A verified identity names a person or a subject");
        }
    }

    @Override
    public String toString() {
        return "VerifiedIdentity[" + providerId + ", " + kind + ", " + assurance + ", person=***]";
    }
}
