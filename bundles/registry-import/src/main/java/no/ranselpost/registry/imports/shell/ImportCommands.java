package no.ranselpost.registry.imports.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.imports.internal.ImportJobs;

/** Shell commands for imports: the same as the REST operations, for the machine's administrator. */
public final class ImportCommands {

    private ImportCommands() {
    }

    /**
     * Who runs a command, for the audit trail: {@code shell:<user>} (the Karaf user of the
     * session; the shell has no Ranselpost accounts yet).
     */
    static no.ranselpost.audit.api.Actor shellActor() {
        String user = "console";
        javax.security.auth.Subject subject = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
        if (subject != null) {
            user = subject.getPrincipals().stream()
                    .filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                    .map(java.security.Principal::getName).findFirst().orElse(user);
        }
        String code = user.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.+-]", "_").replaceAll("[0-9]{5,}", "_");
        return new no.ranselpost.audit.api.Actor("shell:" + (code.isEmpty() ? "console" : code), "SYSTEM_ADMIN");
    }

    static void print(ImportRun r) {
        System.out.printf("run %d of %s: %s (created %d, updated %d, ended %d, unchanged %d, rejected %d)%s%n", r.id(), r.sourceId(),
                r.status(), r.created(), r.updated(), r.ended(), r.unchanged(), r.rejected(), r.message() == null ? "" : " - " + r.message());
        r.rejections().stream().limit(20).forEach(x -> System.out.println("  rejected " + x.key() + ": " + x.reason()));
        if (r.rejections().size() > 20) {
            System.out.println("  ... and " + (r.rejections().size() - 20) + " more rejections");
        }
    }

    @Command(scope = "ranselpost", name = "import-run", description = "Runs a registry source now")
    @Service
    public static class Run implements Action {
        @Reference
        ImportJobs imports;

        @Argument(index = 0, name = "source", required = true, description = "source id, e.g. freg, hr, enrolment")
        String source;

        @Option(name = "--confirm", description = "the id of a HELD run: apply exactly the input it held, ending what disappeared from it")
        Long confirm;

        @Override
        public Object execute() {
            try {
                print(confirm == null ? imports.runAsJob(source, shellActor()) : imports.confirmAsJob(source, confirm, shellActor()));
            } catch (RuntimeException e) {
                System.err.println("Not run: " + e.getMessage());
            }
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-history", description = "Shows the last runs of a registry source with their rejections")
    @Service
    public static class History implements Action {
        @Reference
        ImportJobs imports;

        @Argument(index = 0, name = "source", required = true, description = "source id")
        String source;

        @Override
        public Object execute() {
            imports.history(source, 10).forEach(ImportCommands::print);
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-reset",
            description = "Forgets a registry source's state (its feed position): its next run starts afresh (FREG: a new snapshot)")
    @Service
    public static class Reset implements Action {
        @Reference
        ImportJobs imports;

        @Argument(index = 0, name = "source", required = true, description = "source id")
        String source;

        @Override
        public Object execute() {
            try {
                imports.resetAsJob(source, shellActor());
                System.out.println("State of " + source + " reset: its next run starts afresh.");
            } catch (RuntimeException e) {
                System.err.println("Not reset: " + e.getMessage());
            }
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-sources", description = "Lists the registry sources installed now, and configured ones that failed to start with the reason")
    @Service
    public static class Sources implements Action {
        @Reference
        ImportJobs imports;

        @Override
        public Object execute() {
            for (no.ranselpost.registry.api.SourceInfo i : imports.sourceInfos()) {
                System.out.println(i.state() == no.ranselpost.registry.api.SourceInfo.State.AVAILABLE
                        ? i.sourceId() + (i.files() ? " (files)" : "")
                        : i.sourceId() + " FAILED to start (" + i.component() + "): " + i.reason());
            }
            return null;
        }
    }
}
