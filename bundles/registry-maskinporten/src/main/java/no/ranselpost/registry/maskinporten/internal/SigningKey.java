package no.ranselpost.registry.maskinporten.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kommune's RSA key and, where there is one, its certificate chain (for x5c), read from a
 * PKCS#12 or a PEM file. Errors name the file and what is wrong, never the password.
 */
record SigningKey(RSAPrivateKey key, List<com.nimbusds.jose.util.Base64> chain) {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    static SigningKey load(Path file, char[] password, String alias) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("keyFile: " + name + " cannot be read");
        }
        try {
            String lower = name.toLowerCase();
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                return pkcs12(file, password, alias, name);
            }
            return pem(Files.readString(file, StandardCharsets.US_ASCII), name);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("keyFile: " + name + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static SigningKey pkcs12(Path file, char[] password, String alias, String name) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        String entry = alias == null || alias.isBlank() ? null : alias.strip();
        if (entry == null) {
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                String a = e.nextElement();
                if (ks.isKeyEntry(a)) {
                    entry = a;
                    break;
                }
            }
        }
        if (entry == null || !ks.isKeyEntry(entry)) {
            throw new IllegalArgumentException("keyFile: " + name + " holds no key entry" + (alias == null || alias.isBlank() ? "" : " '" + alias + "'"));
        }
        Key key = ks.getKey(entry, password);
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new IllegalArgumentException("keyFile: the key in " + name + " is not an RSA private key");
        }
        Certificate[] certs = ks.getCertificateChain(entry);
        List<com.nimbusds.jose.util.Base64> chain = new ArrayList<>();
        if (certs != null) {
            for (Certificate c : certs) {
                chain.add(com.nimbusds.jose.util.Base64.encode(c.getEncoded()));
            }
        }
        return new SigningKey(rsa, Collections.unmodifiableList(chain));
    }

    private static SigningKey pem(String text, String name) throws GeneralSecurityException {
        PrivateKey key = null;
        List<com.nimbusds.jose.util.Base64> chain = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                case "CERTIFICATE" -> chain.add(com.nimbusds.jose.util.Base64.encode(
                        cf.generateCertificate(new java.io.ByteArrayInputStream(der)).getEncoded()));
                case "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("keyFile: " + name + " holds a "
                        + m.group(1) + "; convert it to an unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt) or use PKCS#12");
                default -> {
                    // other blocks are not ours
                }
            }
        }
        if (!(key instanceof RSAPrivateKey rsa)) {
            throw new IllegalArgumentException("keyFile: " + name + " holds no RSA private key (-----BEGIN PRIVATE KEY-----)");
        }
        return new SigningKey(rsa, Collections.unmodifiableList(chain));
    }
}
