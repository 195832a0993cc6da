package no.ranselpost.core.api;

/** An avdeling, klasse, basisgruppe or faggruppe of one unit. */
public record Group(long id, long unitId, String code, String name, GroupType type) {
}
