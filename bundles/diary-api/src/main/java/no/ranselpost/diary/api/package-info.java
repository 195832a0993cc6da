/**
 * The diary: news posts (a unit's, "nyheter"), diary posts (a group's, "dagbok") with text and
 * photos tagged with the children they show, and plans (year, month, week) as documents of a unit
 * or a group. A photo is served to a guardian only while every child it shows has the consent for
 * the diary's photos (an untagged photo shows the whole group), checked whenever it is served.
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package no.ranselpost.diary.api;
