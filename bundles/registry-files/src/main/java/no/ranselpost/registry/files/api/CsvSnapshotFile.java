package no.ranselpost.registry.files.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import no.ranselpost.registry.api.FileImportSource.UnreadableFileException;

/**
 * Reads a whole CSV export before anything of it is used: strict UTF-8 (a malformed byte makes
 * the file unreadable), {@code ;} as delimiter, {@code "} as quote, and the header row required
 * and checked column by column. The reasons it gives name lines and columns, never content.
 */
public final class CsvSnapshotFile {

    /** One data row: its line in the file (1-based, the header is line 1) and its fields, stripped. */
    public record Row(long line, List<String> values) {
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setDelimiter(';')
            .setQuote('"')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(false)
            .build();

    private CsvSnapshotFile() {
    }

    /** The data rows of the file, after its header was found to be exactly {@code header}. */
    public static List<Row> read(Path file, List<String> header, long maxBytes) throws UnreadableFileException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableFileException("not a regular file");
        }
        try {
            if (Files.size(file) > maxBytes) {
                throw new UnreadableFileException("larger than the " + maxBytes + " bytes this source accepts");
            }
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be opened (" + e.getClass().getSimpleName() + ")");
        }
        String text = decode(file, maxBytes);
        List<Row> rows = new ArrayList<>();
        long line = 0;
        try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
            boolean headerSeen = false;
            for (CSVRecord record : parser) {
                line = parser.getCurrentLineNumber();
                List<String> values = new ArrayList<>(record.size());
                record.forEach(v -> values.add(v == null ? "" : v.strip()));
                if (!headerSeen) {
                    if (!values.isEmpty() && values.get(0).startsWith("\uFEFF")) {
                        values.set(0, values.get(0).substring(1).strip());
                    }
                    if (!values.equals(header)) {
                        throw new UnreadableFileException("wrong header row: expected the columns " + String.join(";", header));
                    }
                    headerSeen = true;
                    continue;
                }
                rows.add(new Row(line, List.copyOf(values)));
            }
            if (!headerSeen) {
                throw new UnreadableFileException("empty file: no header row");
            }
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new UnreadableFileException(why(e) + " (after line " + line + ")");
        }
        return rows;
    }

    /** The whole file as strict UTF-8: a malformed byte makes it unreadable, reported with its line. */
    private static String decode(Path file, long maxBytes) throws UnreadableFileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
        } catch (IOException e) {
            throw new UnreadableFileException("the file could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > maxBytes) {
            throw new UnreadableFileException("larger than the " + maxBytes + " bytes this source accepts");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            long line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new UnreadableFileException("not valid UTF-8 (line " + line + ")");
        }
        out.flip();
        return out.toString();
    }

    private static String why(Throwable e) {
        // commons-csv's own messages may quote the file: give the kind of failure only
        return "not well-formed CSV";
    }
}
