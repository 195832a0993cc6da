package no.ranselpost.persistence.entity;

import java.time.LocalDate;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import no.ranselpost.core.api.AddressProtection;

/**
 * A person known from the registries: child, guardian, employee. With strengt fortrolig no
 * address is stored (the setter refuses it).
 */
@Entity
@Table(name = "RP_PERSON", uniqueConstraints = @UniqueConstraint(name = "UQ_PERSON_NATIONAL_ID", columnNames = "NATIONAL_ID"))
public class PersonEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "NATIONAL_ID", length = 11, nullable = false) private String nationalId;
    /** Null until the population register has described the person (an enrolment may come first). */
    @Column(name = "GIVEN_NAME", length = 200) private String givenName;
    @Column(name = "FAMILY_NAME", length = 200) private String familyName;
    @Column(name = "BIRTH_DATE") private LocalDate birthDate;
    @Enumerated(EnumType.STRING) @Column(name = "ADDRESS_PROTECTION", length = 30, nullable = false)
    private AddressProtection addressProtection = AddressProtection.NONE;
    @Column(name = "STREET_ADDRESS", length = 300) private String streetAddress;
    @Column(name = "POSTAL_CODE", length = 10) private String postalCode;
    @Column(name = "POSTAL_PLACE", length = 100) private String postalPlace;
    @Column(name = "EMAIL", length = 320) private String email;
    @Column(name = "MOBILE", length = 30) private String mobile;
    @Column(name = "DECEASED") private boolean deceased;
    /**
     * Failing closed: the registry could not describe this person whole (an address-protection
     * event, a holder that could not be fetched). Until a record of theirs is applied, no address
     * is kept and they are treated as protected.
     */
    @Column(name = "PROTECTION_PENDING") private boolean protectionPending;
    /** From the contact register: reserved against digital contact, and when e-mail and mobile were last confirmed. */
    @Column(name = "CONTACT_RESERVED") private boolean contactReserved;
    @Column(name = "EMAIL_CONFIRMED_AT") private java.time.OffsetDateTime emailConfirmedAt;
    @Column(name = "MOBILE_CONFIRMED_AT") private java.time.OffsetDateTime mobileConfirmedAt;
    /** The population register's status (RESIDENT, EMIGRATED, DECEASED, CEASED, OTHER). */
    @Column(name = "REGISTRY_STATUS", length = 20) private String registryStatus;
    /** The registry source that last described the person (its fields are then locked but for overrides); null: none yet. */
    @Column(name = "REGISTRY_SOURCE", length = 50) private String registrySource;
    /** When retention anonymised the person (names, national id, address and contact details gone); null: never. */
    @Column(name = "ANONYMISED_AT") private java.time.OffsetDateTime anonymisedAt;

    public long getId() { return id; }
    public String getNationalId() { return nationalId; }
    public void setNationalId(String nationalId) { this.nationalId = nationalId; }
    public String getGivenName() { return givenName; }
    public void setGivenName(String givenName) { this.givenName = givenName; }
    public String getFamilyName() { return familyName; }
    public void setFamilyName(String familyName) { this.familyName = familyName; }
    public LocalDate getBirthDate() { return birthDate; }
    public void setBirthDate(LocalDate birthDate) { this.birthDate = birthDate; }
    public AddressProtection getAddressProtection() { return addressProtection; }
    public boolean isProtectionPending() { return protectionPending; }
    public void setProtectionPending(boolean protectionPending) { this.protectionPending = protectionPending; }
    /** Protected by the registry, or treated so while a protection is pending (fail closed). */
    public boolean isTreatedAsProtected() { return protectionPending || addressProtection.isProtected(); }

    /** Sets the protection; strengt fortrolig removes any stored address in the same change. */
    public void setAddressProtection(AddressProtection addressProtection) {
        this.addressProtection = addressProtection;
        if (!addressProtection.addressMayBeStored()) {
            this.streetAddress = null;
            this.postalCode = null;
            this.postalPlace = null;
        }
    }

    public String getStreetAddress() { return streetAddress; }
    public String getPostalCode() { return postalCode; }
    public String getPostalPlace() { return postalPlace; }

    /** Stores an address unless the person has strengt fortrolig address protection. */
    public void setAddress(String streetAddress, String postalCode, String postalPlace) {
        if (!addressProtection.addressMayBeStored() && (streetAddress != null || postalCode != null || postalPlace != null)) {
            throw new IllegalStateException("No address is stored for a person with strengt fortrolig address protection");
        }
        this.streetAddress = streetAddress;
        this.postalCode = postalCode;
        this.postalPlace = postalPlace;
    }

    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getMobile() { return mobile; }
    public void setMobile(String mobile) { this.mobile = mobile; }
    public boolean isDeceased() { return deceased; }
    public void setDeceased(boolean deceased) { this.deceased = deceased; }
    public boolean isContactReserved() { return contactReserved; }
    public void setContactReserved(boolean contactReserved) { this.contactReserved = contactReserved; }
    public java.time.OffsetDateTime getEmailConfirmedAt() { return emailConfirmedAt; }
    public void setEmailConfirmedAt(java.time.OffsetDateTime emailConfirmedAt) { this.emailConfirmedAt = emailConfirmedAt; }
    public java.time.OffsetDateTime getMobileConfirmedAt() { return mobileConfirmedAt; }
    public void setMobileConfirmedAt(java.time.OffsetDateTime mobileConfirmedAt) { this.mobileConfirmedAt = mobileConfirmedAt; }
    public String getRegistryStatus() { return registryStatus; }
    public void setRegistryStatus(String registryStatus) { this.registryStatus = registryStatus; }
    public String getRegistrySource() { return registrySource; }
    public void setRegistrySource(String registrySource) { this.registrySource = registrySource; }
    public java.time.OffsetDateTime getAnonymisedAt() { return anonymisedAt; }
    public void setAnonymisedAt(java.time.OffsetDateTime anonymisedAt) { this.anonymisedAt = anonymisedAt; }
}
