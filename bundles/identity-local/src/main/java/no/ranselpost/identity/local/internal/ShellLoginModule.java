package no.ranselpost.identity.local.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticationException;
import no.ranselpost.core.api.identity.LoginResult;
import no.ranselpost.core.api.identity.TooManyAttemptsException;

/**
 * The Karaf shell's sign-in (SSH, {@code bin/client}, JMX) on Ranselpost's own accounts: the
 * password followed directly by the six-digit TOTP code in one password string. Only
 * SYSTEM_ADMIN (Karaf roles {@value #ADMIN_ROLES}) and OWNER ({@value #OWNER_ROLES}: read-only
 * commands) get in; the check, the attempt limits, the lockout and the audit records are
 * {@link LocalAccounts#loginShell}'s. The session's {@link LoginResult} goes into the subject's
 * private credentials, so that commands act as the person (read afresh through its token) and the
 * session ends with the shell's.
 */
public class ShellLoginModule implements LoginModule {

    /** The option holding the {@link ShellSignIn} (the realm puts {@link LocalAccounts} there). */
    public static final String SIGN_IN = "no.ranselpost.shell.signIn";
    static final String ADMIN_ROLES = "admin,manager,viewer,systembundles,ssh";
    static final String OWNER_ROLES = "viewer,ssh";

    /** The sign-in the module asks: LocalAccounts::loginShell. */
    @FunctionalInterface
    public interface ShellSignIn {
        LoginResult signIn(String username, char[] password, String totpCode, String clientAddress);

        /** Ends the session (logout). */
        default void end(LoginResult session) {
        }
    }

    /** A password string cut into the password and the TOTP code after it. */
    record Secret(char[] password, String totpCode) {
    }

    private Subject subject;
    private CallbackHandler callbacks;
    private ShellSignIn signIn;
    private LoginResult result;
    private final List<java.security.Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.signIn = (ShellSignIn) options.get(SIGN_IN);
    }

    /**
     * The last six characters, when they are digits, are the TOTP code and the rest the password;
     * otherwise all of it is the password, without a code (and the sign-in of an account that needs
     * one fails, counted like any failure).
     */
    static Secret split(char[] typed) {
        int n = typed.length;
        if (n > 6) {
            boolean digits = true;
            for (int i = n - 6; i < n; i++) {
                digits &= typed[i] >= '0' && typed[i] <= '9';
            }
            if (digits) {
                char[] password = java.util.Arrays.copyOf(typed, n - 6);
                return new Secret(password, new String(typed, n - 6, 6));
            }
        }
        return new Secret(typed.clone(), null);
    }

    @Override
    public boolean login() throws LoginException {
        if (signIn == null) {
            throw new LoginException("Ranselpost's sign-in is not available now");
        }
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password and code: ", false);
        try {
            callbacks.handle(new Callback[]{name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            // a public key, or a client without a password: Ranselpost's accounts sign in with password and code only
            throw new FailedLoginException("Sign in with your Ranselpost user name, and your password followed by the six-digit code");
        }
        char[] typed = password.getPassword();
        password.clearPassword();
        if (name.getName() == null || typed == null) {
            throw new FailedLoginException("Sign in with your Ranselpost user name, and your password followed by the six-digit code");
        }
        Secret secret = split(typed);
        java.util.Arrays.fill(typed, '\0');
        try {
            result = signIn.signIn(name.getName(), secret.password(), secret.totpCode(), clientAddress(subject));
        } catch (TooManyAttemptsException e) {
            throw new FailedLoginException(e.getMessage());
        } catch (AuthenticationException e) {
            throw new FailedLoginException(e.getMessage());
        } finally {
            java.util.Arrays.fill(secret.password(), '\0');
        }
        return true;
    }

    /** The client's address Karaf's SSH server put in the subject ({@code /127.0.0.1:50422}), for the per-address limit. */
    static String clientAddress(Subject subject) {
        if (subject == null) {
            return null;
        }
        return subject.getPrincipals(ClientPrincipal.class).stream().map(ClientPrincipal::getAddress).filter(a -> a != null)
                .map(a -> {
                    String s = a.startsWith("/") ? a.substring(1) : a;
                    int colon = s.lastIndexOf(':');
                    return colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
                }).findFirst().orElse(null);
    }

    /** The Karaf roles a Ranselpost principal gets in the shell. */
    static List<String> karafRoles(no.ranselpost.core.api.identity.AuthenticatedPrincipal p) {
        if (p.hasRole(Role.SYSTEM_ADMIN)) {
            return List.of(ADMIN_ROLES.split(","));
        }
        if (p.hasRole(Role.OWNER)) {
            return List.of(OWNER_ROLES.split(","));
        }
        return List.of();
    }

    @Override
    public boolean commit() throws LoginException {
        if (result == null) {
            return false;
        }
        added.add(new UserPrincipal(result.principal().username()));
        for (String role : karafRoles(result.principal())) {
            added.add(new RolePrincipal(role));
        }
        subject.getPrincipals().addAll(added);
        subject.getPrivateCredentials().add(result);
        return true;
    }

    @Override
    public boolean abort() throws LoginException {
        if (result != null) {
            signIn.end(result);
        }
        clear();
        return true;
    }

    @Override
    public boolean logout() throws LoginException {
        if (result != null) {
            signIn.end(result);
        }
        clear();
        return true;
    }

    private void clear() {
        if (subject != null) {
            subject.getPrincipals().removeAll(added);
            if (result != null) {
                subject.getPrivateCredentials().remove(result);
            }
        }
        added.clear();
        result = null;
    }
}
