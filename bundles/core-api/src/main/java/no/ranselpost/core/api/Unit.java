package no.ranselpost.core.api;

/** A barnehage, skole or SFO. Its key is org number + unit type (an SFO often shares its school's org number). */
public record Unit(long id, String orgNumber, UnitType type, String name) {
}
