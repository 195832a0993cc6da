package no.ranselpost.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import no.ranselpost.persistence.entity.AuditRecordEntity;

/** The hash chain: h(n) = SHA-256(h(n-1) + "\n" + canonical(record n)). */
final class SealChain {

    private String hash;

    SealChain(String previousHash) {
        this.hash = previousHash;
    }

    void add(AuditRecordEntity r) {
        hash = sha256(hash + "\n" + canonical(r));
    }

    String hash() {
        return hash;
    }

    /** Every field of the record, in a fixed order; times as UTC instants. */
    static String canonical(AuditRecordEntity r) {
        return r.getId() + "|" + r.getAt().toInstant() + "|" + r.getPrincipal() + "|" + r.getRole() + "|" + r.getAction() + "|"
                + nz(r.getObjectType()) + "|" + nz(r.getObjectIds()) + "|" + r.getOutcome() + "|" + nz(r.getReason()) + "|"
                + (r.getUnitId() == null ? "" : r.getUnitId());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
