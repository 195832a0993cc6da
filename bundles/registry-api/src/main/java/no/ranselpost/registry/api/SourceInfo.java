package no.ranselpost.registry.api;

/**
 * A registry source as an administrator sees it: installed and usable, or configured and
 * failed to start (with the reason, never a secret or a national id).
 *
 * @param sourceId  the source id (freg, hr, enrolment, ...), or the configuration's pid when it failed before it had one
 * @param state     AVAILABLE or FAILED
 * @param files     whether it reads files (uploads and the pickup directory)
 * @param component the component or configuration behind it
 * @param reason    why it failed, or null
 */
public record SourceInfo(String sourceId, State state, boolean files, String component, String reason) {

    public enum State { AVAILABLE, FAILED }
}
