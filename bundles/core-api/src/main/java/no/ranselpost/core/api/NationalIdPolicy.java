package no.ranselpost.core.api;

/** Validates national ids by the deployment's setting {@code allowSyntheticIds}. */
public interface NationalIdPolicy {

    boolean allowSyntheticIds();

    default NationalId parse(String value) {
        return NationalId.parse(value, allowSyntheticIds());
    }
}
