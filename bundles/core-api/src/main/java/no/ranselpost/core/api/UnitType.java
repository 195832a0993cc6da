package no.ranselpost.core.api;

/** Kinds of units a kommune runs: barnehage, skole, SFO. */
public enum UnitType { KINDERGARTEN, SCHOOL, SFO }
