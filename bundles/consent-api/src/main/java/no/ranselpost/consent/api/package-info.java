/**
 * Consents ("samtykker"): the kinds a kommune asks for (a use, a text in nb, nn and en, a school
 * year, renewed yearly), every custodian's answer for a child, a pupil's own answer from 15
 * (recorded by staff with a reason code), and whether a consent holds for a child today
 * ({@link ConsentCheck}, for the capabilities that serve what a consent covers, such as photos).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.consent.api;
