package no.ranselpost.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditActions;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.persistence.api.Transactions;

/**
 * An online backup of the embedded Derby database ({@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}:
 * writers go on meanwhile) together with the published seal of its time: the seal file is copied
 * first, so the seal it names committed before the backup began and is in it. After a restore the
 * audit trail verifies against that copy. PostgreSQL is backed up with pg_dump (README, "Backup
 * and restore"), which takes the same care in the commands.
 */
@Component(service = DatabaseBackup.class, configurationPid = "no.ranselpost.audit")
public class DatabaseBackup {

    /** The copy of the published seal in a backup. */
    public static final String SEAL_COPY = "latest-seal.txt";
    /** Derby's copy of the database in a backup (a directory named as the database under it). */
    public static final String DERBY_COPY = "derby";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackup.class);

    private final DataSource dataSource;
    private final Transactions tx;
    private final AuditTrail audit;
    private volatile Path sealFile;

    @Activate
    public DatabaseBackup(@Reference(target = "(osgi.jndi.service.name=ranselpost)") DataSource dataSource, @Reference Transactions tx,
                          @Reference AuditTrail audit) {
        this.dataSource = dataSource;
        this.tx = tx;
        this.audit = audit;
        this.sealFile = defaultSealFile();
    }

    /** For tests: where the seal is published. */
    public DatabaseBackup(DataSource dataSource, Transactions tx, AuditTrail audit, Path sealFile) {
        this(dataSource, tx, audit);
        this.sealFile = sealFile;
    }

    private static Path defaultSealFile() {
        return Path.of(System.getProperty("karaf.data", "data"), "audit", "latest-seal.txt");
    }

    @Activate
    @Modified
    void configure(AuditSettings settings) {
        sealFile = settings.sealFile().isBlank() ? defaultSealFile() : Path.of(settings.sealFile());
    }

    /** What a backup holds. */
    public record Result(Path directory, Path database, String seal, OffsetDateTime takenAt) {
    }

    /**
     * Backs the database up into {@code target} (a new or empty directory): the published seal
     * first, then the database; recorded in the audit trail as {@code actor}.
     */
    public Result backup(Path target, Actor actor) {
        String product = tx.databaseProductName();
        if (!product.toLowerCase(java.util.Locale.ROOT).contains("derby")) {
            throw new InvalidRequestException("The database is " + product + ": back it up with pg_dump as the README's \"Backup and restore\" says");
        }
        Path dir = target.toAbsolutePath().normalize();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new InvalidRequestException("The backup directory " + dir + " is not empty: name a new one");
                    }
                }
            }
            Files.createDirectories(dir);
            OffsetDateTime taken = OffsetDateTime.now(ZoneOffset.UTC);
            // the seal first: it names a seal committed before the backup starts, so the backup holds it
            String seal = "";
            if (Files.exists(sealFile)) {
                Files.copy(sealFile, dir.resolve(SEAL_COPY), StandardCopyOption.COPY_ATTRIBUTES);
                seal = Files.readString(dir.resolve(SEAL_COPY), StandardCharsets.UTF_8).strip();
            }
            Path derby = dir.resolve(DERBY_COPY);
            try (Connection c = dataSource.getConnection(); CallableStatement call = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                call.setString(1, derby.toString());
                call.execute();
            }
            Path database;
            try (Stream<Path> copies = Files.list(derby)) {
                database = copies.filter(Files::isDirectory).findFirst().orElse(derby);
            }
            Files.writeString(dir.resolve("backup.txt"), "takenAt=" + taken + "\ndatabase=" + product + "\ncopy=" + dir.relativize(database)
                    + "\nseal=" + seal + "\n", StandardCharsets.UTF_8);
            tx.run(em -> audit.change(em, actor, AuditActions.BACKUP, "backup", 0, null, null));
            LOG.info("Online backup of the database taken into {} (published seal: {})", dir, seal.isEmpty() ? "none yet" : seal);
            return new Result(dir, database, seal, taken);
        } catch (IOException | SQLException e) {
            LOG.error("The online backup into {} failed", dir, e);
            throw new IllegalStateException("The backup failed: " + e.getMessage(), e);
        }
    }
}
