package no.ranselpost.itests.paxexam;

import java.nio.ByteBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/** The TOTP code (RFC 6238, SHA-1, 6 digits, 30 s) a user's authenticator app would show now. */
final class TestTotp {

    private TestTotp() {
    }

    static String now(String base32Secret) throws Exception {
        return at(base32Secret, System.currentTimeMillis() / 1000 / 30);
    }

    /** The code of the next 30 s step (accepted: one step of skew), for a second sign-in right after a first. */
    static String next(String base32Secret) throws Exception {
        return at(base32Secret, System.currentTimeMillis() / 1000 / 30 + 1);
    }

    private static String at(String base32Secret, long step) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(new Base32().decode(base32Secret), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0x0f;
        int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format("%06d", bin % 1_000_000);
    }
}
