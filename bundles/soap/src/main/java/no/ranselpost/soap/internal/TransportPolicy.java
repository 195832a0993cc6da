package no.ranselpost.soap.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Credentials only over TLS, as the REST server has it: HTTP Basic is accepted over HTTPS, from
 * loopback, or from a configured TLS proxy that says the client spoke HTTPS to it; over plain
 * HTTP from anywhere else it is refused before it is looked at.
 */
record TransportPolicy(boolean required, Set<String> trustedProxies) {

    static TransportPolicy of(boolean required, String proxies) {
        Set<String> set = proxies == null ? Set.of() : Arrays.stream(proxies.split("[,\\s]+")).map(String::strip)
                .filter(p -> !p.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new TransportPolicy(required, set);
    }

    boolean allows(boolean secure, String clientAddress, String forwardedProto) {
        if (!required || secure) {
            return true;
        }
        if (clientAddress == null) {
            return false;
        }
        if (isLoopback(clientAddress)) {
            return true;
        }
        return trustedProxies.contains(clientAddress) && forwardedProto != null
                && forwardedProto.strip().toLowerCase(Locale.ROOT).equals("https");
    }

    private static boolean isLoopback(String address) {
        // only IP literals: nothing here may cause a name lookup
        if (!address.matches("[0-9a-fA-F:.%]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
