package no.ranselpost.audit.api;

/** What a record says happened. */
public enum Outcome { CHANGED, READ, DENIED }
