package no.ranselpost.registry.imports.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.SessionService;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.registry.imports.internal.ImportJobs;

/**
 * Shell commands for imports: the same as the REST operations. Signed in over SSH or bin/client,
 * a command acts as that person through the import service (the access policy decides, the audit
 * trail names the person); on the machine's local console, as {@code shell:<user>}.
 */
public final class ImportCommands {

    private ImportCommands() {
    }

    /**
     * Who runs a command on the local console of the machine itself ({@code bin/karaf}), which holds
     * no Ranselpost account: {@code shell:<user>} (Karaf's local user) in the audit trail.
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

    /**
     * The Ranselpost account signed in over SSH or bin/client (its session is in the subject's
     * private credentials, put there by identity-local's realm), read afresh through its token:
     * the command acts as that person, through the access policy. Empty on the local console.
     *
     * @throws IllegalStateException when the session has ended (expired, signed out, account disabled)
     */
    static java.util.Optional<AuthenticatedPrincipal> person(SessionService sessions) {
        @SuppressWarnings("removal")
        javax.security.auth.Subject subject = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
        java.util.Optional<LoginResult> session = subject == null ? java.util.Optional.empty()
                : subject.getPrivateCredentials(LoginResult.class).stream().findFirst();
        if (session.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(sessions.resolve(session.get().token()).orElseThrow(() -> new IllegalStateException(
                "Your Ranselpost session has ended (expired, signed out or the account disabled): sign in again")));
    }

    static String refusal(RuntimeException e) {
        return e instanceof AccessDeniedException ? "not allowed for your account" : e.getMessage();
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
        @Reference
        ImportService service;
        @Reference
        SessionService sessions;

        @Argument(index = 0, name = "source", required = true, description = "source id, e.g. freg, hr, enrolment")
        String source;

        @Option(name = "--confirm", description = "the id of a HELD run: apply exactly the input it held, ending what disappeared from it")
        Long confirm;

        @Override
        public Object execute() {
            try {
                java.util.Optional<AuthenticatedPrincipal> person = person(sessions);
                if (person.isPresent()) {
                    print(confirm == null ? service.run(person.get(), source) : service.confirm(person.get(), source, confirm));
                } else {
                    print(confirm == null ? imports.runAsJob(source, shellActor()) : imports.confirmAsJob(source, confirm, shellActor()));
                }
            } catch (RuntimeException e) {
                System.err.println("Not run: " + refusal(e));
            }
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-history", description = "Shows the last runs of a registry source with their rejections")
    @Service
    public static class History implements Action {
        @Reference
        ImportJobs imports;
        @Reference
        ImportService service;
        @Reference
        SessionService sessions;

        @Argument(index = 0, name = "source", required = true, description = "source id")
        String source;

        @Override
        public Object execute() {
            try {
                java.util.Optional<AuthenticatedPrincipal> person = person(sessions);
                (person.isPresent() ? service.history(person.get(), source, 10) : imports.history(source, 10)).forEach(ImportCommands::print);
            } catch (RuntimeException e) {
                System.err.println("Not shown: " + refusal(e));
            }
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-reset",
            description = "Forgets a registry source's state (its feed position): its next run starts afresh (FREG: a new snapshot)")
    @Service
    public static class Reset implements Action {
        @Reference
        ImportJobs imports;
        @Reference
        ImportService service;
        @Reference
        SessionService sessions;

        @Argument(index = 0, name = "source", required = true, description = "source id")
        String source;

        @Override
        public Object execute() {
            try {
                java.util.Optional<AuthenticatedPrincipal> person = person(sessions);
                if (person.isPresent()) {
                    service.resetState(person.get(), source);
                } else {
                    imports.resetAsJob(source, shellActor());
                }
                System.out.println("State of " + source + " reset: its next run starts afresh.");
            } catch (RuntimeException e) {
                System.err.println("Not reset: " + refusal(e));
            }
            return null;
        }
    }

    @Command(scope = "ranselpost", name = "import-sources", description = "Lists the registry sources installed now, and configured ones that failed to start with the reason")
    @Service
    public static class Sources implements Action {
        @Reference
        ImportJobs imports;
        @Reference
        ImportService service;
        @Reference
        SessionService sessions;

        @Override
        public Object execute() {
            java.util.List<no.ranselpost.registry.api.SourceInfo> infos;
            try {
                java.util.Optional<AuthenticatedPrincipal> person = person(sessions);
                infos = person.isPresent() ? service.sources(person.get()) : imports.sourceInfos();
            } catch (RuntimeException e) {
                System.err.println("Not shown: " + refusal(e));
                return null;
            }
            for (no.ranselpost.registry.api.SourceInfo i : infos) {
                System.out.println(i.state() == no.ranselpost.registry.api.SourceInfo.State.AVAILABLE
                        ? i.sourceId() + (i.files() ? " (files)" : "")
                        : i.sourceId() + " FAILED to start (" + i.component() + "): " + i.reason());
            }
            return null;
        }
    }
}
