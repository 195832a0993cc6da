/**
 * Messaging: staff and guardians write to each other (MessagingService), in the thread model the
 * deployment chose (ThreadModel: Vigilo-style messages to chosen recipients, or Visma-style
 * conversations per child with one-way announcements), with the capability's action ids
 * (MessagingActions) and the texts clients show while composing (MessagingTexts).
 *
 * <p>The package version follows OSGi semantic versioning (checked by the baseline in the build).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package no.ranselpost.messaging.api;
