package no.ranselpost.consent.api;

/** A consent kind to define; the texts are what guardians (and pupils) are asked, in nb, nn and en. */
public record NewConsentKind(String code, String use, Integer schoolYear, String textNb, String textNn, String textEn) {
}
