package no.ranselpost.core.api;

/** A guardian account is active only after the unit admin activates it ("svart / grå konvolutt"). */
public enum AccountState { ACTIVE, INACTIVE }
