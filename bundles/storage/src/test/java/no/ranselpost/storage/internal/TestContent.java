package no.ranselpost.storage.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Content the tests make themselves: pictures with metadata, documents, executables. */
final class TestContent {

    private TestContent() {
    }

    /** 40 x 20 pixels as stored: red on the left half, blue on the right. */
    static BufferedImage leftRedRightBlue() {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /**
     * A phone photo as it comes: EXIF with GPS (Oslo) and orientation 6 (the camera was turned: show
     * it turned 90 degrees clockwise), an XMP packet and an IPTC record, each written with Commons Imaging.
     */
    static byte[] jpegWithGpsXmpIptc() throws Exception {
        byte[] plain = encode(leftRedRightBlue(), "jpg");
        TiffOutputSet exif = new TiffOutputSet();
        exif.setGpsInDegrees(10.7522, 59.9139);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(plain, withExif, exif);
        ByteArrayOutputStream withXmp = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(withExif.toByteArray(), withXmp,
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"Kari Nordmann\"/></rdf:RDF></x:xmpmeta>");
        ByteArrayOutputStream withIptc = new ByteArrayOutputStream();
        new JpegIptcRewriter().writeIptc(withXmp.toByteArray(), withIptc,
                new PhotoshopApp13Data(List.of(new IptcRecord(IptcTypes.CITY, "Oslo"), new IptcRecord(IptcTypes.BYLINE, "Kari Nordmann")), List.of()));
        return withIptc.toByteArray();
    }

    /** The markers of a JPEG's segments before its image data (0xE1 APP1: EXIF/XMP, 0xED APP13: IPTC, ...). */
    static List<Integer> jpegSegments(byte[] jpeg) {
        List<Integer> markers = new java.util.ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
            int marker = jpeg[i + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xda) {
                break;
            }
            i += 2 + (((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff));
        }
        return markers;
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndContents[i]));
                z.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** A minimal Word document, as the OOXML packaging convention has it. */
    static byte[] docx() throws IOException {
        return zip("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/word/document.xml\" ContentType=\"" + ContentDetector.WORD_MAIN_PART + "\"/></Types>",
                "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                        + "Target=\"word/document.xml\"/></Relationships>",
                "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body><w:p><w:r><w:t>Foreldremøte</w:t></w:r></w:p></w:body></w:document>");
    }

    /** The first bytes of a Linux executable (ELF, 64-bit). */
    static byte[] elf() {
        byte[] b = new byte[4096];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0};
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    /** The first bytes of a Windows executable (MZ with a PE header). */
    static byte[] windowsExecutable() {
        byte[] b = new byte[4096];
        b[0] = 'M';
        b[1] = 'Z';
        b[0x3c] = (byte) 0x80;
        b[0x80] = 'P';
        b[0x81] = 'E';
        return b;
    }

    /** An HEIC picture's file type box (ISO base media, brand heic). */
    static byte[] heicHead() {
        byte[] b = new byte[1024];
        byte[] ftyp = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
        System.arraycopy(ftyp, 0, b, 0, ftyp.length);
        return b;
    }

    /** A PDF of {@code size} bytes made as it is read: its header, then pseudo-random bytes (never in memory whole). */
    static InputStream pdfStream(long size) {
        byte[] header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            private long pos;
            private long seed = 42;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                for (int i = 0; i < n; i++) {
                    long p = pos + i;
                    if (p < header.length) {
                        b[off + i] = header[(int) p];
                    } else {
                        seed = seed * 6364136223846793005L + 1442695040888963407L;
                        b[off + i] = (byte) (seed >>> 56);
                    }
                }
                pos += n;
                return n;
            }
        };
    }
}
