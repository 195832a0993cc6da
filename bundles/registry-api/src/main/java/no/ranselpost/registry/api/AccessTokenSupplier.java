package no.ranselpost.registry.api;

import java.io.IOException;

/**
 * Gives registry adapters the access token a national register wants (Maskinporten: a JWT
 * grant signed with the kommune's key, one token per scope). An implementation caches each
 * token until shortly before it expires; an adapter that is answered 401 calls
 * {@link #rejected} and asks again, which fetches a new one. Registered as an OSGi service;
 * an adapter picks one by its configuration ({@code tokenSupplier.target}).
 *
 * @since registry-api 0.2.0
 */
public interface AccessTokenSupplier {

    /** Service property: a name for this supplier (e.g. the configuration's name), for adapters' target filters. */
    String NAME = "ranselpost.token.supplier";

    /**
     * A token for this scope (e.g. {@code krr:global/kontaktinformasjon.read}), from the cache
     * while it is valid for a while yet, otherwise fetched.
     *
     * @throws IOException the token endpoint could not give one (the message names no secret)
     */
    String token(String scope) throws IOException;

    /** The register refused this token (HTTP 401): it is dropped, so that the next {@link #token} fetches another. */
    void rejected(String scope, String token);
}
