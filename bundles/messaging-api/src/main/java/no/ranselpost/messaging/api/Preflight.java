package no.ranselpost.messaging.api;

/**
 * What a message would reach if sent now.
 *
 * @param families        how many families (threads) it reaches
 * @param guardians       how many guardians it reaches
 * @param staff           how many staff members it reaches directly
 * @param namesChild      the text names a child of the recipients (a group- or unit-wide send needs confirmNamedChild)
 * @param token           to quote in the send; a send whose recipients changed since is refused
 * @param notNotifiable   how many of the guardians get no notice of it (reserved in KRR, contact data stale for 18 months,
 *                        none, unknown); null when notifications do not run
 */
public record Preflight(int families, int guardians, int staff, boolean namesChild, String token, Integer notNotifiable) {

    /** Without notifications. */
    public Preflight(int families, int guardians, int staff, boolean namesChild, String token) {
        this(families, guardians, staff, namesChild, token, null);
    }
}
