package no.ranselpost.audit.api;

import java.util.regex.Pattern;

/**
 * Audit records carry codes and internal ids only, never names, national ids, addresses or
 * free text: every text field must be a short code.
 */
public final class AuditCodes {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:+-]{1,100}");

    private AuditCodes() {
    }

    public static String require(String field, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new no.ranselpost.core.api.InvalidRequestException("Audit field '" + field + "' must be a code of 1-100 of A-Z a-z 0-9 _ . : + -");
        }
        return value;
    }
}
