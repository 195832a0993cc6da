package no.ranselpost.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.PayloadTooLargeException;
import no.ranselpost.core.api.UnsupportedContentTypeException;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.StoredContentEntity;
import no.ranselpost.storage.api.ContentStore;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ContentType;
import no.ranselpost.storage.api.StoredContent;

/**
 * The default store: content in the database of the persistence unit (Derby or PostgreSQL), its
 * bytes in numbered chunks written and read one at a time with plain JDBC on the unit's own
 * connection, so that neither a 50 MB upload nor its download is ever whole in memory, and
 * nothing lands on a node's disk. Writes join the caller's transaction.
 */
@Component(name = DatabaseContentStore.NAME, service = ContentStore.class, configurationPid = ContentStore.PID, enabled = false,
        property = {ContentStore.IMPLEMENTATION + "=" + StoreSelection.DATABASE, "service.ranking:Integer=0"})
@Designate(ocd = StorageSettings.class)
public class DatabaseContentStore implements ContentStore {

    /** Enabled by {@link StoreSelection} while the configuration names this implementation. */
    static final String NAME = "no.ranselpost.storage.database";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseContentStore.class);
    private static final Pattern OWNER_KIND = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");
    private static final String INSERT_CHUNK = "INSERT INTO RP_STORED_CHUNK (CONTENT_ID, CHUNK_NO, DATA) VALUES (?, ?, ?)";
    private static final String SELECT_CHUNK = "SELECT DATA FROM RP_STORED_CHUNK WHERE CONTENT_ID = ? AND CHUNK_NO = ?";
    private static final String DELETE_CHUNKS = "DELETE FROM RP_STORED_CHUNK WHERE CONTENT_ID = ?";

    private final Transactions tx;
    private final ContentDetector detector = new ContentDetector();
    private final ImageSanitizer images = new ImageSanitizer();
    private volatile StorageSettings settings;

    @Activate
    public DatabaseContentStore(@Reference Transactions tx, StorageSettings settings) {
        this.tx = tx;
        this.settings = settings;
    }

    @Modified
    void modified(StorageSettings settings) {
        this.settings = settings;
    }

    @Override
    public StoredContent store(EntityManager em, String ownerKind, InputStream content) {
        requireOwnerKind(ownerKind);
        StorageSettings s = settings;
        try {
            byte[] head = content.readNBytes(ContentDetector.HEAD_BYTES);
            if (head.length == 0) {
                throw new InvalidRequestException("The content is empty");
            }
            String detected = detector.detect(head);
            ContentType type = ContentDetector.accepted(detected);
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), content);
            if (type.kind() == ContentType.Kind.IMAGE) {
                byte[] data = readAtMost(whole, s.maxImageBytes(), "An image");
                ImageSanitizer.Sanitized clean = images.sanitize(data, type, s.maxImagePixels(), s.thumbnailPixels());
                StoredContentEntity thumb = write(em, ownerKind, type, new ByteArrayInputStream(clean.thumbnail()), Long.MAX_VALUE, s);
                thumb.setWidth(clean.thumbnailWidth());
                thumb.setHeight(clean.thumbnailHeight());
                StoredContentEntity main = write(em, ownerKind, type, new ByteArrayInputStream(clean.image()), Long.MAX_VALUE, s);
                main.setWidth(clean.width());
                main.setHeight(clean.height());
                main.setThumbnailId(thumb.getId());
                return view(main);
            }
            StoredContentEntity e = write(em, ownerKind, type, whole, s.maxDocumentBytes(), s);
            if (type == ContentType.DOCX && !wordDocument(em, e)) {
                discard(em, e);
                throw new UnsupportedContentTypeException("A ZIP archive that is not a Word document (DOCX) is not accepted; "
                        + "the store takes PDF, DOCX, JPEG and PNG");
            }
            return view(e);
        } catch (IOException e) {
            throw new InvalidRequestException("The content could not be read to its end");
        }
    }

    private static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
        int cap = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > cap) {
                throw new PayloadTooLargeException(what + " may be at most " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes one content's rows in the caller's transaction; its chunks as they come, one at a time. */
    private StoredContentEntity write(EntityManager em, String ownerKind, ContentType type, InputStream in, long limit, StorageSettings s)
            throws IOException {
        StoredContentEntity e = new StoredContentEntity();
        e.setOwnerKind(ownerKind);
        e.setContentType(type.mediaType());
        e.setSha256("");
        e.setCreatedAt(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        em.persist(e);
        // the row and its id now; from here the transaction keeps its connection, which the chunks use too
        em.flush();
        MessageDigest sha = sha256();
        long size = 0;
        int chunks = 0;
        try (Connection c = em.unwrap(Connection.class); PreparedStatement ps = c.prepareStatement(INSERT_CHUNK)) {
            byte[] buf = new byte[s.chunkBytes()];
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                size += n;
                if (size > limit) {
                    discard(c, e.getId());
                    em.remove(e);
                    throw new PayloadTooLargeException("A " + type.name() + " document may be at most " + limit + " bytes");
                }
                sha.update(buf, 0, n);
                ps.setLong(1, e.getId());
                ps.setInt(2, chunks++);
                ps.setBytes(3, n == buf.length ? buf : Arrays.copyOf(buf, n));
                ps.executeUpdate();
            }
        } catch (SQLException x) {
            throw new IllegalStateException("Could not store content " + e.getId(), x);
        }
        e.setSize(size);
        e.setSha256(HexFormat.of().formatHex(sha.digest()));
        e.setChunkCount(chunks);
        return e;
    }

    private boolean wordDocument(EntityManager em, StoredContentEntity e) throws IOException {
        try (Connection c = em.unwrap(Connection.class)) {
            // read back on the transaction's own connection: the chunks are not committed yet
            return ContentDetector.isWordDocument(new ChunkInputStream(e.getChunkCount(), n -> chunk(c, e.getId(), n)));
        } catch (SQLException x) {
            throw new IllegalStateException("Could not read content " + e.getId(), x);
        }
    }

    private static void discard(EntityManager em, StoredContentEntity e) {
        try (Connection c = em.unwrap(Connection.class)) {
            discard(c, e.getId());
        } catch (SQLException x) {
            throw new IllegalStateException("Could not remove content " + e.getId(), x);
        }
        em.remove(e);
    }

    private static void discard(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DELETE_CHUNKS)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static byte[] chunk(Connection c, long id, int n) {
        try (PreparedStatement ps = c.prepareStatement(SELECT_CHUNK)) {
            ps.setLong(1, id);
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Chunk " + n + " of content " + id + " is missing");
                }
                return rs.getBytes(1);
            }
        } catch (SQLException x) {
            throw new IllegalStateException("Could not read chunk " + n + " of content " + id, x);
        }
    }

    @Override
    public Optional<StoredContent> find(String ownerKind, long id) {
        requireOwnerKind(ownerKind);
        return tx.inTransaction(em -> owned(em, ownerKind, id).map(DatabaseContentStore::view));
    }

    @Override
    public ContentStream open(String ownerKind, long id) {
        StoredContent c = find(ownerKind, id).orElseThrow(() -> new NoSuchObjectException("No such content"));
        return stream(c);
    }

    @Override
    public ContentStream openThumbnail(String ownerKind, long id) {
        StoredContent c = find(ownerKind, id).orElseThrow(() -> new NoSuchObjectException("No such content"));
        StoredContent thumb = c.thumbnail().flatMap(t -> find(ownerKind, t)).orElseThrow(() -> new NoSuchObjectException("The content has no thumbnail"));
        return stream(thumb);
    }

    private ContentStream stream(StoredContent c) {
        int chunks = tx.inTransaction(em -> {
            StoredContentEntity e = em.find(StoredContentEntity.class, c.id());
            if (e == null) {
                throw new NoSuchObjectException("No such content");
            }
            return e.getChunkCount();
        });
        // each piece in a short transaction of its own: a slow reader holds no connection
        return new ContentStream(c, new ChunkInputStream(chunks, n -> tx.inTransaction(em -> {
            try (Connection conn = em.unwrap(Connection.class)) {
                return chunk(conn, c.id(), n);
            } catch (SQLException x) {
                throw new IllegalStateException("Could not read content " + c.id(), x);
            }
        })));
    }

    @Override
    public boolean delete(EntityManager em, String ownerKind, long id) {
        requireOwnerKind(ownerKind);
        Optional<StoredContentEntity> e = owned(em, ownerKind, id);
        if (e.isEmpty()) {
            return false;
        }
        Long thumbnail = e.get().getThumbnailId();
        if (thumbnail != null) {
            owned(em, ownerKind, thumbnail).ifPresent(t -> discard(em, t));
        }
        discard(em, e.get());
        LOG.debug("Deleted content {} of {}", id, ownerKind);
        return true;
    }

    private static Optional<StoredContentEntity> owned(EntityManager em, String ownerKind, long id) {
        StoredContentEntity e = em.find(StoredContentEntity.class, id);
        return e != null && e.getOwnerKind().equals(ownerKind) ? Optional.of(e) : Optional.empty();
    }

    private static StoredContent view(StoredContentEntity e) {
        return new StoredContent(e.getId(), e.getOwnerKind(), ContentType.ofMediaType(e.getContentType()).orElseThrow(), e.getSize(),
                e.getSha256(), e.getCreatedAt(), e.getWidth(), e.getHeight(), e.getThumbnailId());
    }

    private static void requireOwnerKind(String ownerKind) {
        if (ownerKind == null || ownerKind.length() > 64 || !OWNER_KIND.matcher(ownerKind).matches()) {
            throw new IllegalArgumentException("An owner kind is a lower-case code such as 'messaging.attachment'");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
