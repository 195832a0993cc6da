package no.ranselpost.registry.freg.internal;

/** Gives the bearer token for the next FREG call. Maskinporten replaces the static one later. */
public interface TokenSupplier {

    String token();

    /** A fixed token from the configuration (tests, test environments). */
    static TokenSupplier fixed(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no token configured");
        }
        String t = token.strip();
        return () -> t;
    }
}
