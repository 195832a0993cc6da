package no.ranselpost.messaging.api;

/** How threads are formed, set by the deployment profile (DESIGN.md). */
public enum ThreadModel {
    /** Vigilo-style "melding": to chosen recipients; the other guardian only when chosen. */
    MESSAGE,
    /** Visma-style "samtale": one conversation per child that its guardians with responsibility and its group's staff see. */
    CONVERSATION
}
