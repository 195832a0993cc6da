package no.ranselpost.registry.api;

/** A person's status in the population register (FREG's status: bosatt, utflyttet, doed, opphoert, ...). */
public enum PersonStatus {
    RESIDENT,
    EMIGRATED,
    DECEASED,
    /** The identity number is no longer in use (opphoert), e.g. replaced by a new one. */
    CEASED,
    OTHER
}
