package no.ranselpost.storage.api;

import java.io.InputStream;
import java.util.Optional;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one store for binary content (attachments, photos, plans). The owning capability asks
 * {@code access} before each call, writes its own audit record in the same transaction as the
 * change, and keeps the id with what owns the content; the store itself publishes no endpoint.
 *
 * <p>{@code ownerKind} names the capability's object that owns the content, as a lower-case code
 * ({@code messaging.attachment}, {@code diary.photo}). Every read and delete names it too: content
 * owned by another kind is "no such object", so one capability cannot reach another's content by
 * its id.
 *
 * <p>The default implementation keeps content in the database (streamed in chunks, never whole in
 * memory, never on a node's disk). Another implementation replaces it by configuration: it
 * registers its own {@code ContentStore} with the service property {@link #IMPLEMENTATION} set to
 * its name, and {@code implementation = <name>} in {@code etc/no.ranselpost.storage.cfg} withdraws
 * the database store (whose {@code service.ranking} is 0, so a higher-ranked store also wins while
 * both run). Reference the store with the greedy policy option to follow such a change.
 */
@ProviderType
public interface ContentStore {

    /** The configuration of the store (size limits per kind, the ranking). */
    String PID = "no.ranselpost.storage";

    /** Service property naming the implementation ({@code database} for the default one). */
    String IMPLEMENTATION = "implementation";

    /**
     * Stores content in the caller's transaction (pass its EntityManager): the content is there
     * exactly when the caller's change commits. The type is decided from the content alone; an
     * image loses its EXIF (GPS included), XMP and IPTC metadata, is turned upright by its
     * orientation first, and gets a thumbnail.
     *
     * @throws no.ranselpost.core.api.UnsupportedContentTypeException a type not taken (HTTP 415)
     * @throws no.ranselpost.core.api.PayloadTooLargeException over the limit of its kind (HTTP 413)
     * @throws no.ranselpost.core.api.InvalidRequestException empty, or an image that does not decode (HTTP 400)
     */
    StoredContent store(EntityManager em, String ownerKind, InputStream content);

    /** The metadata of content the given kind owns. */
    Optional<StoredContent> find(String ownerKind, long id);

    /**
     * Opens content the given kind owns for reading; each piece is read in a short transaction
     * of its own, so a slow reader holds no database connection.
     *
     * @throws no.ranselpost.core.api.NoSuchObjectException no such content of that owner kind
     */
    ContentStream open(String ownerKind, long id);

    /**
     * Opens the thumbnail of an image the given kind owns.
     *
     * @throws no.ranselpost.core.api.NoSuchObjectException no such content, or it has no thumbnail
     */
    ContentStream openThumbnail(String ownerKind, long id);

    /**
     * Deletes content (and its thumbnail) in the caller's transaction; the owner calls it when
     * what owns the content goes (and, once it exists, the retention routine through the owner).
     *
     * @return whether there was such content
     */
    boolean delete(EntityManager em, String ownerKind, long id);
}
