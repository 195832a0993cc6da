package no.ranselpost.identity.local.internal;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.core.api.identity.LoginResult;

/**
 * The JAAS realm {@value #NAME}: the Karaf shell over SSH and {@code bin/client}, and JMX, sign in
 * with Ranselpost's accounts ({@code sshRealm} and {@code jmxRealm} name it in the distribution's
 * etc/org.apache.karaf.shell.cfg and etc/org.apache.karaf.management.cfg). Karaf's own realm
 * {@code karaf} (etc/users.properties, empty) stays as it is, for nothing.
 */
@Component(service = JaasRealm.class)
public class ShellRealm implements JaasRealm {

    public static final String NAME = "ranselpost";

    private final AppConfigurationEntry[] entries;

    @Activate
    public ShellRealm(@Reference LocalAccounts accounts, BundleContext context) {
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, ShellLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        options.put(ShellLoginModule.SIGN_IN, new ShellLoginModule.ShellSignIn() {
            @Override
            public LoginResult signIn(String username, char[] password, String totpCode, String clientAddress) {
                return accounts.loginShell(username, password, totpCode, clientAddress);
            }

            @Override
            public void end(LoginResult session) {
                accounts.revoke(session.token());
            }
        });
        entries = new AppConfigurationEntry[]{new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 100;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries;
    }
}
