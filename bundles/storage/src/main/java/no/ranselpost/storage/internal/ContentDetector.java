package no.ranselpost.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

import no.ranselpost.core.api.UnsupportedContentTypeException;
import no.ranselpost.storage.api.ContentType;

/**
 * Decides a content's type from its bytes alone: Apache Tika's magic detection (tika-core) on
 * its first bytes, never a name or a declared type. A ZIP archive is a Word document (DOCX) only
 * when its {@code [Content_Types].xml} declares a WordprocessingML main document part (what Tika's
 * OOXML container detector looks at; that detector needs Apache POI, which does not resolve in
 * Karaf, see README "Binary storage").
 */
final class ContentDetector {

    /** How much of the content the magic detection sees. */
    static final int HEAD_BYTES = 64 * 1024;
    static final String WORD_MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private static final Set<String> ZIP = Set.of("application/zip", "application/x-tika-ooxml", ContentType.DOCX.mediaType());
    private static final Set<String> HEIF = Set.of("image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "image/avif");
    private static final int MAX_CONTENT_TYPES_BYTES = 1024 * 1024;
    private static final int MAX_ENTRIES_BEFORE_CONTENT_TYPES = 10_000;

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes(MimeTypes.class.getClassLoader());

    /** What Tika's magic says the content is (its base type), from its first bytes only. */
    String detect(byte[] head) {
        try {
            // no resource name, no declared type: the bytes alone
            return mimeTypes.detect(new ByteArrayInputStream(head), new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    /**
     * The accepted type for what Tika detected; {@link ContentType#DOCX} for any ZIP archive (the
     * caller checks it with {@link #isWordDocument}).
     *
     * @throws UnsupportedContentTypeException any other type
     */
    static ContentType accepted(String detected) {
        if (ZIP.contains(detected)) {
            return ContentType.DOCX;
        }
        if (HEIF.contains(detected)) {
            throw new UnsupportedContentTypeException("HEIC/HEIF images are not accepted: no library here can remove their metadata. "
                    + "Send the picture as JPEG or PNG");
        }
        return ContentType.ofMediaType(detected).orElseThrow(() -> new UnsupportedContentTypeException(
                "Content of type " + detected + " is not accepted; the store takes PDF, DOCX, JPEG and PNG"));
    }

    /** Whether a ZIP archive is a Word document: its [Content_Types].xml names a WordprocessingML main part. */
    static boolean isWordDocument(InputStream zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            ZipEntry e;
            int entries = 0;
            while ((e = in.getNextEntry()) != null && entries++ < MAX_ENTRIES_BEFORE_CONTENT_TYPES) {
                if (e.getName().equals("[Content_Types].xml")) {
                    byte[] xml = in.readNBytes(MAX_CONTENT_TYPES_BYTES + 1);
                    return xml.length <= MAX_CONTENT_TYPES_BYTES && declaresWordMainPart(xml);
                }
            }
            return false;
        } catch (java.util.zip.ZipException e) {
            return false;
        }
    }

    private static boolean declaresWordMainPart(byte[] xml) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Override")
                            && WORD_MAIN_PART.equals(r.getAttributeValue(null, "ContentType"))) {
                        return true;
                    }
                }
                return false;
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            return false;
        }
    }
}
