package no.ranselpost.core.api;

import java.util.Optional;

/** The one kommune of this deployment. */
public interface MunicipalityService {

    Optional<Municipality> get();
}
