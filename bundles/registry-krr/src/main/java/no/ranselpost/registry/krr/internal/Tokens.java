package no.ranselpost.registry.krr.internal;

import java.io.IOException;
import java.util.function.Supplier;

import no.ranselpost.registry.api.AccessTokenSupplier;

/** The bearer token for the next KRR call: a fixed one (tests), or one per scope from the {@link AccessTokenSupplier}. */
public interface Tokens {

    String token() throws IOException;

    /** KRR answered 401 with this token. */
    void rejected(String token);

    static Tokens fixed(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token configured");
        }
        String t = token.strip();
        return new Tokens() {
            @Override
            public String token() {
                return t;
            }

            @Override
            public void rejected(String token) {
                // a fixed token stays what it is
            }
        };
    }

    /** Tokens from whichever supplier is bound when the call is made. */
    static Tokens from(Supplier<AccessTokenSupplier> supplier, String scope) {
        return new Tokens() {
            @Override
            public String token() throws IOException {
                AccessTokenSupplier s = supplier.get();
                if (s == null) {
                    throw new KrrException("no access token: neither .staticToken is set nor an AccessTokenSupplier (Maskinporten) installed");
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
