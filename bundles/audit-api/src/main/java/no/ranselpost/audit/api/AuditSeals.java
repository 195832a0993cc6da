package no.ranselpost.audit.api;

import java.util.Optional;

/** Sealing and verification of the trail. */
public interface AuditSeals {

    /** Seals what is ready (older than the configured margin); empty when there was nothing. */
    Optional<Seal> sealNow();

    Optional<Seal> latest();

    /** Checks everything up to the latest seal, and the latest seal against the one published outside the table. */
    VerifyReport verify();
}
