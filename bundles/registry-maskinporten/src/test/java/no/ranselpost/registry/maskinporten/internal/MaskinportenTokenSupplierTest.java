package no.ranselpost.registry.maskinporten.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jwt.SignedJWT;

/** The token supplier against a Maskinporten fake over real HTTP that verifies each grant with the public key the test made. */
class MaskinportenTokenSupplierTest {

    private static final String KRR = "krr:global/kontaktinformasjon.read";
    private static final String FREG = "folkeregister:deling/offentligmedhjemmel";
    private static final String CLIENT = "ranselvik-kommune-client";

    /** A clock the test moves, shared by the supplier and the fake. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;
    private static final KeyPair PAIR = TestKeys.rsa();
    private final KeyPair pair = PAIR;
    private final MovableClock clock = new MovableClock();
    private final FakeMaskinporten fake;

    MaskinportenTokenSupplierTest() throws IOException {
        fake = new FakeMaskinporten((RSAPublicKey) pair.getPublic(), CLIENT, Set.of(KRR, FREG));
        fake.clock = clock;
    }

    @AfterEach
    void close() {
        fake.close();
    }

    private MaskinportenConfig config(String clientId, String keyId) {
        return new MaskinportenConfig(URI.create(fake.tokenEndpoint()), FakeMaskinporten.ISSUER, clientId, keyId, Duration.ofSeconds(120),
                Duration.ofSeconds(30), 2, 1, 1000, Duration.ofSeconds(10));
    }

    private MaskinportenTokenSupplier supplier(String clientId) throws IOException {
        SigningKey key = SigningKey.load(TestKeys.pem(pair, dir.resolve("maskinporten.pem")), new char[0], null);
        return new MaskinportenTokenSupplier(config(clientId, "ranselvik-key-1"), key, clock);
    }

    @Test
    void aTokenIsFetchedOnceAndReusedUntilShortlyBeforeItExpires() throws Exception {
        MaskinportenTokenSupplier tokens = supplier(CLIENT);
        String first = tokens.token(KRR);
        assertTrue(fake.valid(first, KRR));
        assertEquals(first, tokens.token(KRR));
        clock.now = clock.now.plusSeconds(89);
        assertEquals(first, tokens.token(KRR), "still 31 s to go: reused");
        assertEquals(1, fake.tokenRequests.get());
        // each scope has its own
        String freg = tokens.token(FREG);
        assertNotEquals(first, freg);
        assertEquals(2, fake.tokenRequests.get());
        clock.now = clock.now.plusSeconds(2);
        String second = tokens.token(KRR);
        assertNotEquals(first, second, "within the refresh margin (30 s) of its expiry: fetched anew");
        assertEquals(3, fake.tokenRequests.get());
        assertTrue(fake.errors.isEmpty(), fake.errors.toString());
    }

    @Test
    void aShortLivedTokenIsRefreshedAtHalfItsLifetime() throws Exception {
        fake.expiresIn = 20;
        MaskinportenTokenSupplier tokens = supplier(CLIENT);
        String first = tokens.token(KRR);
        clock.now = clock.now.plusSeconds(9);
        assertEquals(first, tokens.token(KRR));
        clock.now = clock.now.plusSeconds(2);
        assertNotEquals(first, tokens.token(KRR));
        assertEquals(2, fake.tokenRequests.get());
    }

    @Test
    void aTokenTheRegisterRefusedIsDroppedAndAFreshOneFetched() throws Exception {
        MaskinportenTokenSupplier tokens = supplier(CLIENT);
        String first = tokens.token(KRR);
        tokens.rejected(KRR, "some-other-token");
        assertEquals(first, tokens.token(KRR), "only the refused token is dropped");
        tokens.rejected(KRR, first);
        String second = tokens.token(KRR);
        assertNotEquals(first, second);
        assertEquals(2, fake.tokenRequests.get());
    }

    @Test
    void parallelCallersShareOneFetch() throws Exception {
        MaskinportenTokenSupplier tokens = supplier(CLIENT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(pool.submit((Callable<String>) () -> tokens.token(KRR)));
        }
        String one = got.get(0).get();
        for (Future<String> f : got) {
            assertEquals(one, f.get());
        }
        pool.shutdown();
        assertEquals(1, fake.tokenRequests.get());
    }

    @Test
    void theGrantCarriesWhatMaskinportenAsksForAndIsSignedWithTheKommunesKey() throws Exception {
        MaskinportenTokenSupplier tokens = supplier(CLIENT);
        SignedJWT grant = SignedJWT.parse(tokens.grant(KRR));
        assertEquals("RS256", grant.getHeader().getAlgorithm().getName());
        assertEquals("ranselvik-key-1", grant.getHeader().getKeyID());
        assertEquals(List.of(FakeMaskinporten.ISSUER), grant.getJWTClaimsSet().getAudience());
        assertEquals(CLIENT, grant.getJWTClaimsSet().getIssuer());
        assertEquals(KRR, grant.getJWTClaimsSet().getStringClaim("scope"));
        assertEquals(120_000, grant.getJWTClaimsSet().getExpirationTime().getTime() - grant.getJWTClaimsSet().getIssueTime().getTime());
        assertNotEquals(SignedJWT.parse(tokens.grant(KRR)).getJWTClaimsSet().getJWTID(), grant.getJWTClaimsSet().getJWTID());
        assertTrue(grant.verify(new com.nimbusds.jose.crypto.RSASSAVerifier((RSAPublicKey) pair.getPublic())));
    }

    @Test
    void aRefusedGrantFailsWithMaskinportensErrorCodeOnly() throws Exception {
        MaskinportenException wrongClient = assertThrows(MaskinportenException.class, () -> supplier("another-client").token(KRR));
        assertEquals("token endpoint: HTTP 400 (invalid_grant)", wrongClient.getMessage());
        KeyPair other = TestKeys.rsa();
        MaskinportenTokenSupplier wrongKey = new MaskinportenTokenSupplier(config(CLIENT, "k"),
                SigningKey.load(TestKeys.pem(other, dir.resolve("other.pem")), new char[0], null), clock);
        assertThrows(MaskinportenException.class, () -> wrongKey.token(KRR));
        assertThrows(MaskinportenException.class, () -> supplier(CLIENT).token("some:other-scope"));
        assertEquals(List.of("iss", "signature", "scope"), fake.errors);
    }

    @Test
    void aPkcs12KeyWithItsCertificateSignsWithTheChainInX5c() throws Exception {
        // a virksomhetssertifikat-like PKCS#12, made by the JDK's keytool
        Path p12 = dir.resolve("kommune.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "kommune", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Ranselvik kommune, O=Test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "hemmelig", "-keypass", "hemmelig")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "hemmelig".toCharArray());
        }
        RSAPublicKey certKey = (RSAPublicKey) ks.getCertificate("kommune").getPublicKey();
        try (FakeMaskinporten withCert = new FakeMaskinporten(certKey, CLIENT, Set.of(KRR))) {
            SigningKey key = SigningKey.load(p12, "hemmelig".toCharArray(), "");
            MaskinportenTokenSupplier tokens = new MaskinportenTokenSupplier(new MaskinportenConfig(URI.create(withCert.tokenEndpoint()),
                    FakeMaskinporten.ISSUER, CLIENT, null, Duration.ofSeconds(60), Duration.ofSeconds(30), 1, 1, 1000, null), key, Clock.systemUTC());
            SignedJWT grant = SignedJWT.parse(tokens.grant(KRR));
            assertEquals(1, grant.getHeader().getX509CertChain().size());
            assertEquals(null, grant.getHeader().getKeyID());
            assertTrue(withCert.valid(tokens.token(KRR), KRR));
        }
        IllegalArgumentException badPassword = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(p12, "feil".toCharArray(), null));
        assertFalse(badPassword.getMessage().contains("feil"));
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> new MaskinportenTokenSupplier(config(CLIENT, null), SigningKey.load(TestKeys.pem(pair, dir.resolve("k.pem")), new char[0], null), clock));
        assertEquals("keyId must be set when the key file holds no certificate (x5c)", noKey.getMessage());
    }
}
