package no.ranselpost.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.PayloadTooLargeException;
import no.ranselpost.core.api.UnsupportedContentTypeException;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.storage.api.ContentStream;
import no.ranselpost.storage.api.ContentType;
import no.ranselpost.storage.api.StoredContent;

/** The database store on the real persistence unit (migrated Derby). */
class ContentStoreTest {

    private static final String OWNER = "test.attachment";

    private static org.apache.derby.jdbc.EmbeddedDataSource derby;
    private static TestDatabase db;
    private DatabaseContentStore store;

    @BeforeAll
    static void migrate() {
        derby = TestDatabase.newDerby();
        db = new TestDatabase(derby, ds -> ds, TestDatabase.Schema.MIGRATED);
    }

    @AfterAll
    static void close() {
        db.close();
        drop(derby);
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM RP_STORED_CHUNK");
            st.executeUpdate("DELETE FROM RP_STORED_CONTENT");
        }
        store = new DatabaseContentStore(db.transactions(), Settings.defaults());
    }

    /** An in-memory Derby database lives until dropped: in this small heap, each test drops its own. */
    private static void drop(org.apache.derby.jdbc.EmbeddedDataSource ds) {
        ds.setCreateDatabase(null);
        ds.setConnectionAttributes("drop=true");
        try {
            ds.getConnection().close();
        } catch (java.sql.SQLException expected) {
            // 08006: dropped
        }
    }

    private StoredContent store(byte[] content) {
        return db.transactions().inTransaction(em -> store.store(em, OWNER, new ByteArrayInputStream(content)));
    }

    private boolean deleted(String ownerKind, long id) {
        Boolean deleted = db.transactions().inTransaction(em -> store.delete(em, ownerKind, id));
        return deleted;
    }

    private byte[] read(ContentStream c) throws Exception {
        try (c) {
            return c.stream().readAllBytes();
        }
    }

    private static long rows(String table) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aJpegWithGpsXmpAndIptcComesBackWithNoneOfThemAndUpright() throws Exception {
        byte[] photo = TestContent.jpegWithGpsXmpIptc();
        // what goes in carries all three (read with Commons Imaging)
        JpegImageMetadata in = (JpegImageMetadata) Imaging.getMetadata(photo);
        assertTrue(in.getExif().getGpsInfo() != null && Math.abs(in.getExif().getGpsInfo().getLatitudeAsDegreesNorth() - 59.9139) < 1e-3);
        assertEquals(6, ImageSanitizer.orientation(photo));
        assertTrue(Imaging.getXmpXml(photo).contains("Kari Nordmann"));
        assertFalse(in.getPhotoshop().getItems().isEmpty(), "IPTC is there");
        assertTrue(TestContent.jpegSegments(photo).containsAll(List.of(0xe1, 0xed)));

        StoredContent c = store(photo);
        assertEquals(ContentType.JPEG, c.type());
        byte[] out = read(store.open(OWNER, c.id()));
        assertEquals(c.size(), out.length);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out)), c.sha256());

        // none of it comes back: no EXIF (so no GPS and no orientation), no XMP, no IPTC, no APP1/APP13 at all
        ImageMetadata md = Imaging.getMetadata(out);
        assertTrue(md == null || (((JpegImageMetadata) md).getExif() == null && ((JpegImageMetadata) md).getPhotoshop() == null), String.valueOf(md));
        assertNull(Imaging.getXmpXml(out));
        List<Integer> segments = TestContent.jpegSegments(out);
        assertFalse(segments.contains(0xe1) || segments.contains(0xed), "segments " + segments);
        assertFalse(new String(out, StandardCharsets.ISO_8859_1).contains("Kari Nordmann"));

        // upright: orientation 6 turned the 40x20 picture a quarter clockwise, so its red left half is now on top
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(out));
        assertEquals(20, upright.getWidth());
        assertEquals(40, upright.getHeight());
        assertEquals(20, c.width());
        assertEquals(40, c.height());
        assertTrue(isRed(upright.getRGB(10, 8)) && isBlue(upright.getRGB(10, 32)), "red on top, blue below");

        // a thumbnail of the upright picture, of the same owner, without metadata either
        assertTrue(c.thumbnail().isPresent());
        byte[] thumb = read(store.openThumbnail(OWNER, c.id()));
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb));
        assertEquals(20, t.getWidth());
        assertFalse(TestContent.jpegSegments(thumb).contains(0xe1));
    }

    private static boolean isRed(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 200 && c.getBlue() < 60;
    }

    private static boolean isBlue(int rgb) {
        Color c = new Color(rgb);
        return c.getBlue() > 200 && c.getRed() < 60;
    }

    @Test
    void aLargePictureGetsASmallThumbnail() throws Exception {
        BufferedImage big = new BufferedImage(1600, 900, BufferedImage.TYPE_INT_RGB);
        StoredContent c = store(TestContent.encode(big, "png"));
        assertEquals(ContentType.PNG, c.type());
        BufferedImage t = ImageIO.read(store.openThumbnail(OWNER, c.id()).stream());
        assertEquals(320, t.getWidth());
        assertEquals(180, t.getHeight());
    }

    @Test
    void aPngNamedPdfIsStoredAsPng() throws Exception {
        // the store is never told a name or a declared type: what the bytes are decides
        byte[] png = TestContent.encode(TestContent.leftRedRightBlue(), "png");
        StoredContent c = store(png);
        assertEquals(ContentType.PNG, c.type());
        assertEquals("image/png", c.type().mediaType());
        assertEquals(ContentType.PNG, store.find(OWNER, c.id()).orElseThrow().type());
    }

    @Test
    void anExecutableNamedJpgIsRefusedAndNothingIsStored() throws Exception {
        UnsupportedContentTypeException elf = assertThrows(UnsupportedContentTypeException.class, () -> store(TestContent.elf()));
        assertTrue(elf.getMessage().contains("not accepted"), elf.getMessage());
        assertThrows(UnsupportedContentTypeException.class, () -> store(TestContent.windowsExecutable()));
        assertThrows(UnsupportedContentTypeException.class, () -> store("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(UnsupportedContentTypeException.class, () -> store("just some text, named foto.jpg".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, rows("RP_STORED_CONTENT"));
        assertEquals(0, rows("RP_STORED_CHUNK"));
    }

    @Test
    void heicIsRefusedSayingWhy() {
        UnsupportedContentTypeException e = assertThrows(UnsupportedContentTypeException.class, () -> store(TestContent.heicHead()));
        assertTrue(e.getMessage().contains("HEIC"), e.getMessage());
    }

    @Test
    void aWordDocumentIsTakenAndAnyOtherZipIsRefused() throws Exception {
        byte[] docx = TestContent.docx();
        StoredContent c = store(docx);
        assertEquals(ContentType.DOCX, c.type());
        assertArrayEquals(docx, read(store.open(OWNER, c.id())), "a document is kept byte for byte");

        assertThrows(UnsupportedContentTypeException.class, () -> store(TestContent.zip("a.txt", "hei", "b.exe", "MZ")));
        // a package whose main part is a spreadsheet is not a Word document
        assertThrows(UnsupportedContentTypeException.class, () -> store(TestContent.zip("[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" "
                        + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>")));
        assertEquals(1, rows("RP_STORED_CONTENT"), "the refused archives left nothing");
        assertEquals(1, rows("RP_STORED_CHUNK"));
    }

    @Test
    void limitsPerKindAreKept() throws Exception {
        store = new DatabaseContentStore(db.transactions(), Settings.defaults().withMaxDocumentBytes(1000).withMaxImageBytes(100));
        assertThrows(PayloadTooLargeException.class, () -> db.transactions().inTransaction(em -> store.store(em, OWNER, TestContent.pdfStream(5000))));
        assertThrows(PayloadTooLargeException.class, () -> store(TestContent.encode(TestContent.leftRedRightBlue(), "png")));
        assertEquals(0, rows("RP_STORED_CONTENT"));
        assertEquals(0, rows("RP_STORED_CHUNK"));
        // a picture is measured in pixels before it is decoded
        store = new DatabaseContentStore(db.transactions(), Settings.defaults().withMaxImagePixels(40 * 20 - 1));
        assertThrows(PayloadTooLargeException.class, () -> store(TestContent.encode(TestContent.leftRedRightBlue(), "png")));
        assertEquals(0, rows("RP_STORED_CONTENT"));
        store = new DatabaseContentStore(db.transactions(), Settings.defaults().withMaxDocumentBytes(1000));
        StoredContent small = db.transactions().inTransaction(em -> store.store(em, OWNER, TestContent.pdfStream(1000)));
        assertEquals(ContentType.PDF, small.type());
        assertEquals(1000, small.size());
    }

    @Test
    void emptyOrBrokenContentIsABadRequest() throws Exception {
        assertThrows(InvalidRequestException.class, () -> store(new byte[0]));
        byte[] png = TestContent.encode(TestContent.leftRedRightBlue(), "png");
        byte[] cut = java.util.Arrays.copyOf(png, 40);
        assertThrows(InvalidRequestException.class, () -> store(cut));
    }

    @Test
    void contentCommitsWithTheCallersChangeOrNotAtAll() throws Exception {
        byte[] png = TestContent.encode(TestContent.leftRedRightBlue(), "png");
        assertThrows(IllegalStateException.class, () -> db.transactions().run(em -> {
            store.store(em, OWNER, new ByteArrayInputStream(png));
            throw new IllegalStateException("the owner's change failed");
        }));
        assertEquals(0, rows("RP_STORED_CONTENT"));
        assertEquals(0, rows("RP_STORED_CHUNK"));
    }

    @Test
    void anotherOwnerKindCannotReachItAndDeletionTakesTheThumbnailAlong() throws Exception {
        StoredContent c = store(TestContent.encode(TestContent.leftRedRightBlue(), "png"));
        assertTrue(store.find("other.kind", c.id()).isEmpty());
        assertThrows(NoSuchObjectException.class, () -> store.open("other.kind", c.id()));
        assertFalse(deleted("other.kind", c.id()));
        assertThrows(IllegalArgumentException.class, () -> store.find("Not A Code", c.id()));
        assertEquals(2, rows("RP_STORED_CONTENT"), "the picture and its thumbnail");

        assertTrue(deleted(OWNER, c.id()));
        assertEquals(0, rows("RP_STORED_CONTENT"));
        assertEquals(0, rows("RP_STORED_CHUNK"));
        assertThrows(NoSuchObjectException.class, () -> store.open(OWNER, c.id()));
        assertFalse(deleted(OWNER, c.id()));
    }

    @Test
    void fiftyMegabytesAreStoredAndReadBackWithoutTheHeapGrowingByTheirSize() throws Exception {
        long size = 50L * 1024 * 1024;
        // the surefire configuration gives this JVM a small heap: one copy of the content would not fit beside the rest
        assertTrue(Runtime.getRuntime().maxMemory() < 128L * 1024 * 1024, "run with -Xmx96m: " + Runtime.getRuntime().maxMemory());
        java.nio.file.Path dir = java.nio.file.Path.of("target", "derby-large-" + System.nanoTime()).toAbsolutePath();
        org.apache.derby.jdbc.EmbeddedDataSource onDisk = new org.apache.derby.jdbc.EmbeddedDataSource();
        onDisk.setDatabaseName(dir.toString());
        onDisk.setCreateDatabase("create");
        try (TestDatabase large = new TestDatabase(onDisk, ds -> ds, TestDatabase.Schema.MIGRATED)) {
            DatabaseContentStore big = new DatabaseContentStore(large.transactions(), Settings.defaults().withMaxDocumentBytes(size));
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            long before = usedHeapAfterGc();
            long t0 = System.nanoTime();
            HeapWatch watch = new HeapWatch();
            StoredContent c;
            try (InputStream in = new DigestInputStream(TestContent.pdfStream(size), sent)) {
                c = large.transactions().inTransaction(em -> big.store(em, OWNER, in));
            }
            long t1 = System.nanoTime();
            long afterStore = usedHeapAfterGc();
            assertEquals(size, c.size());
            assertEquals(ContentType.PDF, c.type());
            assertEquals(HexFormat.of().formatHex(sent.digest()), c.sha256());

            MessageDigest got = MessageDigest.getInstance("SHA-256");
            long read = 0;
            long midRead = 0;
            try (ContentStream s = big.open(OWNER, c.id())) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = s.stream().read(buf)) > 0) {
                    got.update(buf, 0, n);
                    read += n;
                    if (midRead == 0 && read >= size / 2) {
                        midRead = usedHeapAfterGc();
                    }
                }
            }
            long t2 = System.nanoTime();
            watch.stop();
            assertEquals(size, read);
            assertEquals(c.sha256(), HexFormat.of().formatHex(got.digest()));
            long limit = size / 5;
            System.out.printf("[storage] 50 MiB: stored in %d ms, read in %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            System.out.printf("[storage] 50 MiB: heap after GC before %d KiB, after store %d KiB, mid-read %d KiB, peak sampled %d KiB (max %d KiB)%n",
                    before / 1024, afterStore / 1024, midRead / 1024, watch.peak() / 1024, Runtime.getRuntime().maxMemory() / 1024);
            assertTrue(afterStore - before < limit, "the heap grew by " + (afterStore - before) + " bytes while storing");
            assertTrue(midRead - before < limit, "the heap grew by " + (midRead - before) + " bytes while reading");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Samples the used heap while the test runs (for the figures printed; bounded by -Xmx anyway). */
    private static final class HeapWatch {
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");

        HeapWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak;
        }
    }
}
