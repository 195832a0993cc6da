package no.ranselpost.messaging.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = "no.ranselpost.messaging", name = "Ranselpost messaging",
        description = "The thread model the deployment profile chose, and messaging's limits")
public @interface MessagingSettings {

    @AttributeDefinition(name = "Thread model", description = "MESSAGE: Vigilo-style messages to chosen recipients; CONVERSATION: Visma-style"
            + " conversations per child, with one-way announcements",
            options = {@Option(label = "Messages to chosen recipients (Vigilo-style)", value = "MESSAGE"),
                    @Option(label = "Conversations per child (Visma-style)", value = "CONVERSATION")})
    String threadModel() default "MESSAGE";

    @AttributeDefinition(name = "Withdrawal window (minutes)", description = "How long after sending a sender may withdraw a message", min = "0")
    int withdrawMinutes() default 15;

    @AttributeDefinition(name = "Largest attachment (bytes)", min = "1")
    long maxAttachmentBytes() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "Most families in one list", description = "How many children's families one send may name one by one", min = "1")
    int maxFamilies() default 500;
}
