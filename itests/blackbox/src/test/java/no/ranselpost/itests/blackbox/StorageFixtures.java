package no.ranselpost.itests.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Content for the binary store's black-box case, made here with ImageIO and Commons Imaging. */
final class StorageFixtures {

    private StorageFixtures() {
    }

    /** 40 x 20: red left half, blue right half. */
    private static BufferedImage picture() {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        return img;
    }

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] png() throws IOException {
        return encode(picture(), "png");
    }

    /** A phone photo: EXIF with GPS and orientation 6, XMP naming its creator, IPTC with city and byline. */
    static byte[] jpegWithGpsXmpIptc() throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        exif.setGpsInDegrees(10.7522, 59.9139);
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(encode(picture(), "jpg"), withExif, exif);
        ByteArrayOutputStream withXmp = new ByteArrayOutputStream();
        new JpegXmpRewriter().updateXmpXml(withExif.toByteArray(), withXmp,
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:creator=\"Kari Nordmann\"/></rdf:RDF></x:xmpmeta>");
        ByteArrayOutputStream withIptc = new ByteArrayOutputStream();
        new JpegIptcRewriter().writeIptc(withXmp.toByteArray(), withIptc,
                new PhotoshopApp13Data(List.of(new IptcRecord(IptcTypes.CITY, "Oslo"), new IptcRecord(IptcTypes.BYLINE, "Kari Nordmann")), List.of()));
        byte[] photo = withIptc.toByteArray();
        JpegImageMetadata md = (JpegImageMetadata) Imaging.getMetadata(photo);
        assertTrue(md.getExif().getGpsInfo() != null && Imaging.getXmpXml(photo) != null && md.getPhotoshop() != null, "the photo carries all three");
        return photo;
    }

    /** No EXIF (GPS), XMP or IPTC, read with Commons Imaging; and upright: 20 x 40 with the red half on top. */
    static void assertNoMetadataAndUpright(byte[] jpeg) throws IOException {
        ImageMetadata md = Imaging.getMetadata(jpeg);
        assertTrue(md == null || (((JpegImageMetadata) md).getExif() == null && ((JpegImageMetadata) md).getPhotoshop() == null), String.valueOf(md));
        assertNull(Imaging.getXmpXml(jpeg));
        assertFalse(new String(jpeg, StandardCharsets.ISO_8859_1).contains("Kari Nordmann"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(20, img.getWidth());
        assertEquals(40, img.getHeight());
        Color top = new Color(img.getRGB(10, 8));
        Color bottom = new Color(img.getRGB(10, 32));
        assertTrue(top.getRed() > 200 && top.getBlue() < 60 && bottom.getBlue() > 200 && bottom.getRed() < 60, "red on top, blue below");
    }

    /** The first bytes of a Linux executable. */
    static byte[] elf() {
        byte[] b = new byte[4096];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0};
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    /** A PDF of {@code size} bytes: its header, then random bytes. */
    static byte[] pdf(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }

    /**
     * Drops the test capability (itests/test-capability) into deploy/ as its own feature, with the
     * features it needs; deleting the returned file takes it away again.
     */
    static Path deployTestCapability(Path home) throws IOException {
        Path jar = Path.of(System.getProperty("ranselpost.testcapability.jar", "../test-capability/target/missing.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the test capability was built: " + jar);
        Path feature = home.resolve("deploy/ranselpost-itest-capability.xml");
        Files.writeString(feature, """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="ranselpost-itest-capability" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <feature name="ranselpost-itest-capability" version="1.0.0" install="auto"
                           description="A test capability, built outside the platform's bundles">
                    <feature>ranselpost-rest</feature>
                    <feature>ranselpost-storage</feature>
                    <bundle>%s</bundle>
                  </feature>
                </features>
                """.formatted(jar.toUri()));
        return feature;
    }

    static HttpResponse<String> upload(String baseUrl, String path, String authorization, String declaredType, byte[] content) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", declaredType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> download(String baseUrl, String path, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
