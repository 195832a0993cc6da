package no.ranselpost.identity.api;

/**
 * The provider's side of a Ranselpost session: which provider opened it, the provider's session
 * id and the id_token to hint with when ending it there.
 */
public record ProviderSession(String providerId, String providerSessionId, String idTokenHint) {

    @Override
    public String toString() {
        return "ProviderSession[" + providerId + ", sid=" + (providerSessionId == null ? "none" : "***") + "]";
    }
}
