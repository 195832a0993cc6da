package no.ranselpost.storage.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;

import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.PayloadTooLargeException;
import no.ranselpost.storage.api.ContentType;

/**
 * Images on the way in: the EXIF orientation (read with Commons Imaging) is applied to the
 * pixels, then the picture is re-encoded from its pixels alone (ImageIO), so that no EXIF (GPS
 * included), XMP, IPTC, comment or any other metadata segment survives; and a thumbnail is made.
 */
final class ImageSanitizer {

    /** The picture as stored: upright, without metadata; and its thumbnail in the same format. */
    record Sanitized(byte[] image, int width, int height, byte[] thumbnail, int thumbnailWidth, int thumbnailHeight) {
    }

    private static final float JPEG_QUALITY = 0.9f;

    Sanitized sanitize(byte[] data, ContentType type, long maxPixels, int thumbnailPixels) {
        int orientation = type == ContentType.JPEG ? orientation(data) : 1;
        BufferedImage decoded = decode(data, maxPixels);
        BufferedImage upright = upright(decoded, orientation, type == ContentType.PNG && decoded.getColorModel().hasAlpha());
        BufferedImage thumb = thumbnail(upright, thumbnailPixels);
        return new Sanitized(encode(upright, type), upright.getWidth(), upright.getHeight(), encode(thumb, type), thumb.getWidth(), thumb.getHeight());
    }

    /** The EXIF orientation (1 to 8), 1 when there is none or it cannot be read. */
    static int orientation(byte[] jpeg) {
        try {
            ImageMetadata md = Imaging.getMetadata(jpeg);
            if (md instanceof JpegImageMetadata j) {
                TiffField f = j.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
                if (f != null) {
                    int o = f.getIntValue();
                    return o >= 1 && o <= 8 ? o : 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable metadata: it is dropped anyway, and the picture kept as its pixels are
        }
        return 1;
    }

    private static BufferedImage decode(byte[] data, long maxPixels) {
        // in memory: ImageIO.createImageInputStream would cache the picture in a file on the node's disk
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidRequestException("The image cannot be read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new PayloadTooLargeException("The image has " + pixels + " pixels; at most " + maxPixels + " are taken");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new InvalidRequestException("The image cannot be read");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException ire) {
                throw ire;
            }
            throw new InvalidRequestException("The image cannot be read");
        }
    }

    /** Applies an EXIF orientation: the result shows the picture as its camera meant it. */
    static BufferedImage upright(BufferedImage src, int orientation, boolean alpha) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w);
            default -> new AffineTransform();
        };
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            if (!alpha) {
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, out.getWidth(), out.getHeight());
            }
            g.drawImage(src, t, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static BufferedImage thumbnail(BufferedImage src, int maxSide) {
        int w = src.getWidth();
        int h = src.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(tw, th, src.getType());
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Encodes pixels alone: ImageIO writes no metadata it is not given (JPEG: a bare JFIF header). */
    static byte[] encode(BufferedImage image, ContentType type) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName(type == ContentType.JPEG ? "jpeg" : "png").next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (type == ContentType.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("Could not encode the image", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
