package no.ranselpost.identity.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.StaffAccountService.CreatedAccount;

/**
 * The first SYSTEM_ADMIN without a terminal: while no SYSTEM_ADMIN exists, a one-time setup code
 * is written at start to {@value #FILE} under Karaf's data directory (readable by its owner only,
 * mode 600); whoever can read it on the machine creates the first SYSTEM_ADMIN with it once
 * ({@code POST /api/v1/setup/admin}). The code is gone once a SYSTEM_ADMIN exists; every wrong
 * or late attempt is recorded as a denial.
 */
@Component(service = SetupCode.class, immediate = true)
public class SetupCode {

    public static final String FILE = "setup-code.txt";
    private static final Logger LOG = LoggerFactory.getLogger(SetupCode.class);
    static final String ACTION = "SETUP_ADMIN_CREATE";

    private final LocalAccounts accounts;
    private final AuditTrail audit;
    private final Path file;

    @Activate
    public SetupCode(@Reference LocalAccounts accounts, @Reference AuditTrail audit) {
        this(accounts, audit, Path.of(System.getProperty("karaf.data", "data")).resolve(FILE));
    }

    SetupCode(LocalAccounts accounts, AuditTrail audit, Path file) {
        this.accounts = accounts;
        this.audit = audit;
        this.file = file;
        if (accounts.systemAdminExists()) {
            forget();
        } else {
            writeIfMissing();
        }
    }

    Path file() {
        return file;
    }

    private synchronized void writeIfMissing() {
        try {
            Files.createDirectories(file.getParent());
            String code = Secrets.newPassword(24);
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, code + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            LOG.info("No SYSTEM_ADMIN exists yet: a one-time setup code for the first one is in {} (POST /api/v1/setup/admin; README "
                    + "'The Karaf shell over SSH')", file);
        } catch (FileAlreadyExistsException kept) {
            LOG.info("No SYSTEM_ADMIN exists yet: the one-time setup code is in {}", file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the setup code to " + file, e);
        }
    }

    private synchronized void forget() {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("A SYSTEM_ADMIN exists: the setup code is gone");
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove the used setup code {}: {}", file, e.toString());
        }
    }

    /**
     * Creates the first SYSTEM_ADMIN when {@code code} is the one in the file and no SYSTEM_ADMIN
     * exists; the code is used up either way once one exists.
     *
     * @throws AccessDeniedException on a wrong code, or when a SYSTEM_ADMIN exists (recorded)
     */
    public CreatedAccount createFirstAdmin(String code, String username, String displayName) {
        String expected = current();
        if (expected != null && accounts.systemAdminExists()) {
            // written at a start before the first SYSTEM_ADMIN came another way (the console, the demo): closed now
            forget();
            expected = null;
        }
        if (expected == null || code == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), code.strip().getBytes(StandardCharsets.UTF_8))) {
            LOG.info("A first SYSTEM_ADMIN was refused: {}", expected == null ? "no setup code is open" : "wrong setup code");
            audit.denial(Actor.ANONYMOUS, ACTION, "staff-account", List.of(), null, expected == null ? "no-setup-code" : "wrong-setup-code");
            throw new AccessDeniedException(ACTION, expected == null ? "no-setup-code" : "wrong-setup-code");
        }
        try {
            CreatedAccount created = accounts.createSystemAdmin(null, "system:setup-code", username, displayName);
            LOG.info("The first SYSTEM_ADMIN (account {}) was created with the setup code", created.accountId());
            return created;
        } catch (FirstAdminExistsException e) {
            throw e;
        } finally {
            if (accounts.systemAdminExists()) {
                forget();
            }
        }
    }

    private synchronized String current() {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
