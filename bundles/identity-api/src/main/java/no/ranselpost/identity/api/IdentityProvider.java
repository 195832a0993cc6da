package no.ranselpost.identity.api;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import no.ranselpost.core.api.identity.AccountKind;

/**
 * A way of signing in (ACCESS.md: local accounts for staff, ID-porten for guardians; Feide for
 * staff may come). Each provider is a bundle of its own that registers this service: it proves
 * who someone is by its own means (a password, an OpenID Connect flow, a token) and hands the
 * {@link VerifiedIdentity} to the {@link SessionIssuer}, which alone opens Ranselpost's own
 * opaque, revocable session. Nothing else in Ranselpost knows how a provider works.
 */
public interface IdentityProvider {

    /** The provider's id, stored with every session it opened: {@code local}, {@code idporten}, ... */
    String id();

    /** The account kinds it signs in (a provider for guardians never signs staff in). */
    Set<AccountKind> accountKinds();

    /**
     * Where the browser goes to end the user's session at the provider too, after Ranselpost's
     * own session has ended; empty when the provider keeps none (local accounts).
     *
     * @param session the provider's side of the session that ended
     */
    default Optional<URI> endSessionUri(ProviderSession session) {
        return Optional.empty();
    }
}
