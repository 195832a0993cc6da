package no.ranselpost.messaging.api;

/** An attachment stored ahead of its message: the type the store detected from the content. */
public record UploadedAttachment(long id, String contentType, long size) {
}
