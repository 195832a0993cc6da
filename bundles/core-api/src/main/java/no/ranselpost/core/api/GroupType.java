package no.ranselpost.core.api;

/** avdeling, klasse, basisgruppe, faggruppe. */
public enum GroupType { DEPARTMENT, CLASS, BASE_GROUP, SUBJECT_GROUP }
