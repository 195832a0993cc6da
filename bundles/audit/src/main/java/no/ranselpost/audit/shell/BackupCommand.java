package no.ranselpost.audit.shell;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.internal.DatabaseBackup;

/**
 * {@code ranselpost:backup <directory>}: the embedded database's online backup, with the published
 * seal of its time (the machine's administrator: Karaf role admin, etc/org.apache.karaf.command.acl.ranselpost.cfg).
 */
@Command(scope = "ranselpost", name = "backup", description = "Online backup of the embedded Derby database with the published audit seal")
@Service
public class BackupCommand implements Action {

    @Argument(index = 0, name = "directory", description = "A new or empty directory (absolute, or relative to the Karaf home)", required = true)
    String directory;

    @Reference
    DatabaseBackup backup;

    @Override
    public Object execute() {
        DatabaseBackup.Result r = backup.backup(Path.of(directory), shellActor());
        System.out.printf("backup of %s taken at %s into %s; published seal: %s%n", r.database().getFileName(), r.takenAt(), r.directory(),
                r.seal().isEmpty() ? "none yet" : r.seal());
        return null;
    }

    /** Who runs the command, for the audit trail: {@code shell:<user>} (the Karaf user of the session). */
    static Actor shellActor() {
        String user = "console";
        @SuppressWarnings("removal")
        javax.security.auth.Subject subject = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
        if (subject != null) {
            user = subject.getPrincipals().stream().filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                    .map(java.security.Principal::getName).findFirst().orElse(user);
        }
        String code = user.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.+-]", "_").replaceAll("[0-9]{5,}", "_");
        return new Actor("shell:" + (code.isEmpty() ? "console" : code), "SYSTEM_ADMIN");
    }
}
