package no.ranselpost.registry.freg.internal;

import java.io.IOException;
import java.util.function.Supplier;

import no.ranselpost.registry.api.AccessTokenSupplier;

/** Gives the bearer token for the next FREG call: a fixed one (tests), or Maskinporten's through the {@link AccessTokenSupplier}. */
public interface TokenSupplier {

    String token() throws IOException;

    /** FREG answered 401 with this token. */
    default void rejected(String token) {
        // a fixed token stays what it is
    }

    /** A fixed token from the configuration (tests, test environments). */
    static TokenSupplier fixed(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token configured");
        }
        String t = token.strip();
        return () -> t;
    }

    /** Tokens for this scope from whichever supplier is bound when the call is made. */
    static TokenSupplier from(Supplier<AccessTokenSupplier> supplier, String scope) {
        return new TokenSupplier() {
            @Override
            public String token() throws IOException {
                AccessTokenSupplier s = supplier.get();
                if (s == null) {
                    throw new FregException("no access token: neither .staticToken is set nor an AccessTokenSupplier (Maskinporten) installed");
                }
                return s.token(scope);
            }

            @Override
            public void rejected(String token) {
                AccessTokenSupplier s = supplier.get();
                if (s != null) {
                    s.rejected(scope, token);
                }
            }
        };
    }
}
