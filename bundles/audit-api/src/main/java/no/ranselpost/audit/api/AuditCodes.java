package no.ranselpost.audit.api;

import java.util.regex.Pattern;

/**
 * Audit records carry codes and internal ids only, never names, national ids, addresses or
 * free text: every text field must be a short code. One rule for every code field (action,
 * role, object type, reason):
 * <ul>
 * <li>either lower case, {@code [a-z0-9][a-z0-9._:+-]*} (action ids such as {@code core.child.read},
 * reason codes such as {@code court-order} or {@code inactive:no-current-link}, object types such as
 * {@code source-run}),</li>
 * <li>or an upper-case constant, {@code [A-Z0-9][A-Z0-9_+]*} (enum names and roles such as
 * {@code PASSWORD_AND_TOTP} or {@code SYSTEM_ADMIN+LEADER}),</li>
 * <li>1-100 characters, and no run of five or more digits (a national id, a phone or an
 * organisation number is never a code).</li>
 * </ul>
 * Mixed case ({@code Kari.Nordmann}) is refused, as are spaces and any other character. Internal
 * ids go in the id fields (object ids, unit id); the one code that holds an id is the principal,
 * checked by {@link #requirePrincipal}: {@code anonymous}, {@code account:<id>} or
 * {@code system:<code>}.
 */
public final class AuditCodes {

    /** The longest code (the columns hold 100). */
    public static final int MAX_LENGTH = 100;

    private static final Pattern CODE = Pattern.compile("(?!.*[0-9]{5})(?:[a-z0-9][a-z0-9._:+-]{0,99}|[A-Z0-9][A-Z0-9_+]{0,99})");
    private static final Pattern PRINCIPAL = Pattern.compile("anonymous|account:[0-9]{1,19}|(?:system|shell):(.+)");

    private AuditCodes() {
    }

    /** Whether the value is a code by the rule above. */
    public static boolean isCode(String value) {
        return value != null && CODE.matcher(value).matches();
    }

    public static String require(String field, String value) {
        if (!isCode(value)) {
            throw new no.ranselpost.core.api.InvalidRequestException("Audit field '" + field
                    + "' must be a code: 1-100 of a-z 0-9 . _ : + - (or an upper-case constant of A-Z 0-9 _ +), no run of five digits");
        }
        return value;
    }

    /** A principal: {@code anonymous}, {@code account:<internal id>}, {@code system:<code>} or {@code shell:<user as a code>}. */
    public static String requirePrincipal(String value) {
        java.util.regex.Matcher m = value == null || value.length() > MAX_LENGTH ? null : PRINCIPAL.matcher(value);
        if (m == null || !m.matches() || (m.group(1) != null && !isCode(m.group(1)))) {
            throw new no.ranselpost.core.api.InvalidRequestException(
                    "Audit field 'principal' must be anonymous, account:<id>, system:<code> or shell:<code>");
        }
        return value;
    }
}
