/**
 * Binary storage: one store for attachments, photos and plans. The owning capability asks
 * {@code access} before every call; the store decides the type from the content, strips image
 * metadata, and serves nothing on its own.
 */
@Version("1.0.0")
package no.ranselpost.storage.api;

import org.osgi.annotation.versioning.Version;
