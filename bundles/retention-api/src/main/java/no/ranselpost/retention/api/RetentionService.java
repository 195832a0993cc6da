package no.ranselpost.retention.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The retention job on behalf of a principal (SYSTEM_ADMIN); the access bundle decides. */
@ProviderType
public interface RetentionService {

    /** Runs retention now (one run at a time: a second caller waits for the first) and returns the run. */
    RetentionRun run(AuthenticatedPrincipal principal);

    /** The latest runs, newest first. */
    List<RetentionRun> runs(AuthenticatedPrincipal principal, int max);
}
