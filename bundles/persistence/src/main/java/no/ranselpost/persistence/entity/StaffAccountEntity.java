package no.ranselpost.persistence.entity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.persistence.CascadeType;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.OneToMany;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;

/** A local sign-in account of one kind (staff, integration, and demo guardians until ID-porten). Only the password hash is stored. */
@Entity
@Table(name = "RP_STAFF_ACCOUNT", uniqueConstraints = @UniqueConstraint(name = "UQ_STAFF_ACCOUNT_USERNAME", columnNames = "USERNAME"))
public class StaffAccountEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "USERNAME", length = 100, nullable = false) private String username;
    @Column(name = "DISPLAY_NAME", length = 200, nullable = false) private String displayName;
    @Column(name = "PASSWORD_HASH", length = 300, nullable = false) private String passwordHash;
    @Column(name = "DISABLED", nullable = false) private boolean disabled;
    /** STAFF, GUARDIAN or INTEGRATION: kinds never mix on one account. */
    @Enumerated(EnumType.STRING) @Column(name = "ACCOUNT_KIND", length = 20) private AccountKind kind;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;
    @ManyToOne(fetch = FetchType.LAZY) @JoinColumn(name = "PERSON_ID") private PersonEntity person;
    /** Base32 TOTP secret for roles that sign in with a second factor. */
    @Column(name = "TOTP_SECRET", length = 64) private String totpSecret;
    /** The last TOTP time step accepted, so a code is never accepted twice. */
    @Column(name = "TOTP_LAST_STEP") private long totpLastStep;
    @Column(name = "FAILED_ATTEMPTS", nullable = false) private int failedAttempts;
    @Column(name = "LOCKED_UNTIL") private OffsetDateTime lockedUntil;
    /** When the owner last set the password (an activation or a change); null: never (a generated one, or none yet). */
    @Column(name = "PASSWORD_CHANGED_AT") private OffsetDateTime passwordChangedAt;
    @OneToMany(mappedBy = "account", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    private List<RoleGrantEntity> grants = new ArrayList<>();

    public long getId() { return id; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    /** The account's kind; for accounts stored before kinds existed, told by their grants. */
    public AccountKind getKind() {
        if (kind != null) { return kind; }
        if (grants.stream().anyMatch(g -> g.getRole() == Role.GUARDIAN)) { return AccountKind.GUARDIAN; }
        if (!grants.isEmpty() && grants.stream().allMatch(g -> g.getRole() == Role.INTEGRATION)) { return AccountKind.INTEGRATION; }
        return AccountKind.STAFF;
    }
    public void setKind(AccountKind kind) { this.kind = kind; }
    public boolean isDisabled() { return disabled; }
    public void setDisabled(boolean disabled) { this.disabled = disabled; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
    public PersonEntity getPerson() { return person; }
    public void setPerson(PersonEntity person) { this.person = person; }
    public List<RoleGrantEntity> getGrants() { return grants; }
    public String getTotpSecret() { return totpSecret; }
    public void setTotpSecret(String totpSecret) { this.totpSecret = totpSecret; }
    public long getTotpLastStep() { return totpLastStep; }
    public void setTotpLastStep(long totpLastStep) { this.totpLastStep = totpLastStep; }
    public int getFailedAttempts() { return failedAttempts; }
    public void setFailedAttempts(int failedAttempts) { this.failedAttempts = failedAttempts; }
    public OffsetDateTime getLockedUntil() { return lockedUntil; }
    public void setLockedUntil(OffsetDateTime lockedUntil) { this.lockedUntil = lockedUntil; }

    public OffsetDateTime getPasswordChangedAt() { return passwordChangedAt; }
    public void setPasswordChangedAt(OffsetDateTime passwordChangedAt) { this.passwordChangedAt = passwordChangedAt; }

    public void addGrant(RoleGrantEntity grant) {
        grant.setAccount(this);
        grants.add(grant);
    }
}
