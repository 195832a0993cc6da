import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CI check: fails when a log file holds something that looks like a national identity number:
 * 11 digits, not part of a longer number or hex string, with a valid date (fødselsnummer,
 * D-number or synthetic) and valid check digits (including the 2032 rule). Prints only where,
 * never the number.
 *
 * Usage: java .ci/NationalIdLogScan.java DIR...
 */
public class NationalIdLogScan {

    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9A-Fa-f])[0-9]{11}(?![0-9A-Fa-f])");
    private static final int[] W1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] W2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    public static void main(String[] args) throws IOException {
        List<String> hits = new ArrayList<>();
        int files = 0;
        for (String dir : args) {
            Path root = Path.of(dir);
            if (!Files.exists(root)) {
                continue;
            }
            List<Path> logs;
            try (Stream<Path> walk = Files.walk(root)) {
                logs = walk.filter(Files::isRegularFile)
                        // Karaf's logs (data/log) and the console output the suites captured; not
                        // the database's own transaction log under data/derby
                        .filter(p -> !p.toString().contains("/derby/"))
                        .filter(p -> p.toString().contains("/data/log/") || p.getFileName().toString().endsWith(".log")
                                || p.getFileName().toString().endsWith(".out"))
                        .toList();
            }
            for (Path log : logs) {
                files++;
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CANDIDATE.matcher(lines.get(i));
                    while (m.find()) {
                        if (isNationalId(m.group())) {
                            hits.add(log + ":" + (i + 1) + " column " + (m.start() + 1));
                        }
                    }
                }
            }
        }
        System.out.println("national-id log scan: " + files + " log files read");
        if (!hits.isEmpty()) {
            System.out.println("national-id log scan: FAILED, a national identity number stands in clear at:");
            hits.stream().limit(40).forEach(h -> System.out.println("  " + h));
            if (hits.size() > 40) {
                System.out.println("  ... and " + (hits.size() - 40) + " more");
            }
            System.exit(1);
        }
        System.out.println("national-id log scan: no national identity number found");
    }

    static boolean isNationalId(String s) {
        int[] d = new int[11];
        for (int i = 0; i < 11; i++) {
            d[i] = s.charAt(i) - '0';
        }
        int day = d[0] * 10 + d[1];
        int month = d[2] * 10 + d[3];
        int yy = d[4] * 10 + d[5];
        int individual = d[6] * 100 + d[7] * 10 + d[8];
        if (day > 40) {
            day -= 40;
        }
        if (month > 80) {
            month -= 80;
        } else if (month > 40) {
            month -= 40; // H-numbers and NAV's synthetic numbers
        }
        int century = individual <= 499 ? 1900 : individual <= 749 && yy >= 54 ? 1800 : yy <= 39 ? 2000 : individual >= 900 ? 1900 : -1;
        if (century < 0) {
            return false;
        }
        try {
            LocalDate.of(century + yy, month, day);
        } catch (DateTimeException e) {
            return false;
        }
        int s1 = d[9];
        for (int i = 0; i < 9; i++) {
            s1 += W1[i] * d[i];
        }
        if (s1 % 11 > 3) {
            return false;
        }
        int s2 = d[10];
        for (int i = 0; i < 10; i++) {
            s2 += W2[i] * d[i];
        }
        return s2 % 11 == 0;
    }
}
