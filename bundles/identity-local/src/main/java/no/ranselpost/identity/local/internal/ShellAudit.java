package no.ranselpost.identity.local.internal;

import java.security.AccessController;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.security.auth.Subject;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.persistence.api.Transactions;

/**
 * Every shell command that changes something, in the audit trail with the person who ran it: Karaf's
 * own ({@code feature:install}, {@code bundle:stop}, {@code config:edit}, ...) as much as
 * Ranselpost's, one record per command ({@code SHELL_COMMAND}, object the shell's session, the
 * command's {@code scope:name} as the reason: never its arguments), written after the command in a
 * transaction of its own (a Karaf command has no Ranselpost transaction; Ranselpost's own commands
 * also write their change's record in the change's transaction). A command the ACLs refused is a
 * denial. Read-only commands (list, info, display, status, ...) are not recorded. On the local
 * console (no Ranselpost account) the actor is {@code shell:<Karaf user>}.
 */
@Component(service = CommandSessionListener.class, immediate = true)
public class ShellAudit implements CommandSessionListener {

    static final String ACTION = "SHELL_COMMAND";
    private static final Logger LOG = LoggerFactory.getLogger(ShellAudit.class);
    private static final Pattern CLOSURE = Pattern.compile("=\\s*\\{[^{}]*\\}");
    private static final Pattern WORD = Pattern.compile("(?:[a-z*][a-z0-9-]*:)?[a-z][a-z0-9-]*");
    /** Names that only read, whatever the scope. */
    private static final Set<String> READ_ONLY = Set.of("list", "info", "display", "status", "help", "tail", "version", "headers",
            "diag", "show", "get", "exports", "imports", "classes", "find-class", "dump", "threads", "provided", "regions", "realms",
            "realm-list", "repo-list", "version-list", "requirement-list", "exception-display", "import-history", "import-sources",
            "echo", "grep", "more", "less", "head", "wc", "sort", "cat", "ls", "la", "ld", "lde", "cl", "man", "history", "clear",
            "logout", "exit", "if", "each", "not", "capabilities", "requirements", "services", "ldap-list", "framework",
            "name", "property-list", "meta", "filter", "printf", "sleep", "info-list", "endpoints", "list-endpoints",
            "list-busses", "context-list", "servlet-list", "http-list", "web-list", "wrapper-list");
    /** Unscoped names that change something (typed without their scope, as completion allows). */
    private static final Set<String> UNSCOPED_CHANGES = Set.of("install", "uninstall", "start", "stop", "restart", "update", "refresh",
            "shutdown", "halt", "edit", "delete", "property-set", "property-delete", "property-append", "repo-add", "repo-remove",
            "admin-create", "import-run", "import-reset", "start-level", "watch", "resolve");

    private final Transactions tx;
    private final AuditTrail audit;
    private final LocalAccounts accounts;

    @Activate
    public ShellAudit(@Reference Transactions tx, @Reference AuditTrail audit, @Reference LocalAccounts accounts) {
        this.tx = tx;
        this.audit = audit;
        this.accounts = accounts;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        // recorded after it ran: whether it was refused is known then
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        record(command, exception);
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        record(command, null);
    }

    /** The changing commands of a command line ({@code a; b | c}), as {@code scope:name} or the name typed. */
    static List<String> changingCommands(CharSequence line) {
        List<String> found = new ArrayList<>();
        if (line == null) {
            return found;
        }
        // a definition (an alias, a closure: name = { ... }, as shell.init.script makes at every session's start) runs nothing
        String text = line.toString();
        for (String before = null; !text.equals(before); ) {
            before = text;
            text = CLOSURE.matcher(text).replaceAll(" = ");
        }
        for (String segment : text.split("[;|&\\n{}()]")) {
            String[] words = segment.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty() || (words.length > 1 && words[1].equals("="))) {
                continue;
            }
            String word = words[0].toLowerCase(Locale.ROOT);
            if (!WORD.matcher(word).matches()) {
                continue;
            }
            int colon = word.indexOf(':');
            String name = colon < 0 ? word : word.substring(colon + 1);
            if (READ_ONLY.contains(name) || name.startsWith("list") || name.endsWith("-list") || name.endsWith("-info")) {
                continue;
            }
            if (colon < 0 && !UNSCOPED_CHANGES.contains(name)) {
                continue;
            }
            found.add(word);
        }
        return found;
    }

    private void record(CharSequence line, Exception exception) {
        List<String> commands = changingCommands(line);
        if (commands.isEmpty()) {
            return;
        }
        try {
            @SuppressWarnings("removal")
            Subject subject = Subject.getSubject(AccessController.getContext());
            Optional<LoginResult> session = subject == null ? Optional.empty()
                    : subject.getPrivateCredentials(LoginResult.class).stream().findFirst();
            Optional<AuthenticatedPrincipal> person = session.flatMap(s -> accounts.resolve(s.token()));
            Actor actor = person.map(Actor::of).orElseGet(() -> localActor(subject, session.isPresent()));
            long sessionId = person.map(AuthenticatedPrincipal::sessionId).orElse(0L);
            boolean refused = exception instanceof SecurityException
                    || (exception != null && exception.getClass().getSimpleName().equals("CommandNotFoundException"));
            for (String c : commands) {
                String reason = AuditCodes.isCode(c) ? c : "unnamed-command";
                if (refused) {
                    audit.denial(actor, ACTION, "session", sessionId == 0 ? List.of() : List.of(sessionId), null, reason);
                } else {
                    tx.inTransaction(em -> {
                        audit.change(em, actor, ACTION, "session", sessionId, null, reason);
                        return null;
                    });
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("A shell command could not be recorded in the audit trail: {}", e.toString());
        }
    }

    /** The local console's Karaf user, {@code shell:<user>}; a signed-in session whose account is gone: anonymous. */
    private static Actor localActor(Subject subject, boolean endedSession) {
        if (endedSession || subject == null) {
            return endedSession ? Actor.ANONYMOUS : new Actor("shell:console", "SYSTEM_ADMIN");
        }
        String user = subject.getPrincipals().stream().filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                .map(java.security.Principal::getName).findFirst().orElse("console");
        String code = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.+-]", "_").replaceAll("[0-9]{5,}", "_");
        return new Actor("shell:" + (code.isEmpty() ? "console" : code), "SYSTEM_ADMIN");
    }
}
