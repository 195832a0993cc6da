package no.ranselpost.messaging.api;

/** The messaging capability's action ids and target kinds, decided by the access policy alone. */
public final class MessagingActions {

    /** A thread: who takes part in it (its inbox group, its unit for family threads, its participants). */
    public static final String THREAD = "messaging.thread";
    /** A thread as the relation that makes one a participant: the child it is about and its unit. */
    public static final String THREAD_RELATION = "messaging.thread-relation";
    /** A send: its unit, its group when it went to one, its sender. */
    public static final String SEND = "messaging.send";

    /** Send a message or ask its preflight: the gate before the service decides what the message may reach with the write actions. */
    public static final String SEND_MESSAGE = "messaging.message.send";
    /** Staff write to the families of chosen children (one family, several families). */
    public static final String WRITE_FAMILY = "messaging.write.family";
    /** Staff write to every family of a group. */
    public static final String WRITE_GROUP = "messaging.write.group";
    /** A unit admin writes to every family of the unit. */
    public static final String WRITE_UNIT = "messaging.write.unit";
    /** Staff write to other staff of their unit. */
    public static final String WRITE_STAFF = "messaging.write.staff";
    /** A guardian writes about their child to the staff of the child's group, or to a named staff member there. */
    public static final String WRITE_ABOUT_CHILD = "messaging.write.about-child";
    /** Mark a message sensitive (one family; readable only at idporten-loa-high) or urgent. */
    public static final String MARK = "messaging.mark";

    /** Read a thread one takes part in (or whose inbox one reads). */
    public static final String THREAD_READ = "messaging.thread.read";
    /** The participant's relation still holds (asked together with THREAD_READ on every read). */
    public static final String THREAD_RELATION_HOLDS = "messaging.thread.relation";
    /** Read a sensitive message (guardians: idporten-loa-high). */
    public static final String SENSITIVE_READ = "messaging.sensitive.read";
    /** Reply in a thread one takes part in. */
    public static final String REPLY = "messaging.thread.reply";
    /** List one's inbox and its unread count. */
    public static final String INBOX_READ = "messaging.inbox.read";
    /** List a group's inbox. */
    public static final String GROUP_INBOX_READ = "messaging.inbox.group.read";
    /** Withdraw one's own message within the window. */
    public static final String WITHDRAW = "messaging.message.withdraw";
    /** Staff redact a message (its text removed, a placeholder left). */
    public static final String REDACT = "messaging.message.redact";
    /** Staff see which guardians of a message to many have read it. */
    public static final String RECEIPTS_READ = "messaging.receipts.read";
    /** Upload an attachment before sending. */
    public static final String ATTACHMENT_UPLOAD = "messaging.attachment.upload";
    /** Download an attachment of a message one may read. */
    public static final String ATTACHMENT_READ = "messaging.attachment.read";

    /** An adult registered by the custodians' consent receives staff's messages to the child's family (where the kommune grants it). */
    public static final String OTHER_ADULT_RECEIVE = "messaging.other-adult.receive";

    /** The view of a message and its field of text (SYSTEM_ADMIN reads metadata only). */
    public static final String MESSAGE_VIEW = "messaging.message";
    public static final String FIELD_TEXT = "text";

    /** What owns an attachment in the binary store. */
    public static final String ATTACHMENT_OWNER = "messaging.attachment";

    private MessagingActions() {
    }
}
