package no.ranselpost.identity.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import no.ranselpost.access.internal.JpaEffectiveGrants;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.testing.TestDatabase;

/** Local accounts on a test database, on a clock the test moves, with cheap hashing. */
final class TestAccounts {

    private TestAccounts() {
    }

    static LocalAccounts on(TestDatabase db, Supplier<Instant> now) {
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        OsloClock oslo = clock(now);
        LocalAccounts accounts = new LocalAccounts(db.transactions(), audit, new RuleBasedAccessPolicy(db.transactions(), audit, oslo)
                .declare(new IdentityAccessDeclaration()), new JpaEffectiveGrants(oslo), oslo);
        accounts.configure(new PasswordHasher(8192, 1, 1), Duration.ofMinutes(30));
        return accounts;
    }

    /** Oslo's clock at whatever instant the test says. */
    static OsloClock clock(Supplier<Instant> now) {
        return new OsloClock(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });
    }
}
