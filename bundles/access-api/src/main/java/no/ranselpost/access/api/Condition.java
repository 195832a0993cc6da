package no.ranselpost.access.api;

import no.ranselpost.core.api.identity.AssuranceLevel;

/**
 * A condition beside a rule's (role, scope): all of a rule's conditions must hold.
 *
 * @param type  what is checked
 * @param value the minimum level (MIN_ASSURANCE) or the setting's name (SETTING_ON)
 */
public record Condition(Type type, String value) {

    public enum Type {
        /** The session signed in at least at this level ({@link AssuranceLevel}). */
        MIN_ASSURANCE,
        /** A kommune setting of the access policy's configuration is on (ACCESS.md's settings). */
        SETTING_ON,
        /** The reader gave a reason code with the request (a SYSTEM_ADMIN reading a confidential address). */
        REASON_GIVEN
    }

    public Condition {
        if (type == null || (type != Type.REASON_GIVEN && (value == null || value.isBlank()))) {
            throw new IllegalArgumentException("A condition needs a type and, but for REASON_GIVEN, a value");
        }
        if (type == Type.MIN_ASSURANCE) {
            AssuranceLevel.valueOf(value);
        }
    }

    /** ID-porten's {@code idporten-loa-high}: health data and sensitive messages. */
    public static final Condition LOA_HIGH = minimumAssurance(AssuranceLevel.HIGH);

    public static Condition minimumAssurance(AssuranceLevel level) {
        return new Condition(Type.MIN_ASSURANCE, level.name());
    }

    public static Condition settingOn(String setting) {
        return new Condition(Type.SETTING_ON, setting);
    }

    public static Condition reasonGiven() {
        return new Condition(Type.REASON_GIVEN, null);
    }
}
