package no.ranselpost.persistence.entity;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A consent a kommune asks for ("samtykke"): its use (photos in the internal diary, in a printed
 * yearbook, on the kommune's public pages), its text in nb, nn and en, and the school year it is
 * asked for; renewed by a new kind for the next school year.
 */
@Entity
@Table(name = "RP_CONSENT_KIND", uniqueConstraints = @UniqueConstraint(name = "UQ_CONSENT_KIND", columnNames = {"KIND_CODE", "SCHOOL_YEAR"}))
public class ConsentKindEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "KIND_CODE", length = 50, nullable = false) private String code;
    @Column(name = "CONSENT_USE", length = 30, nullable = false) private String use;
    @Column(name = "SCHOOL_YEAR", nullable = false) private int schoolYear;
    @Column(name = "VALID_FROM", nullable = false) private LocalDate validFrom;
    @Column(name = "VALID_TO", nullable = false) private LocalDate validTo;
    @Column(name = "TEXT_NB", length = 2000, nullable = false) private String textNb;
    @Column(name = "TEXT_NN", length = 2000, nullable = false) private String textNn;
    @Column(name = "TEXT_EN", length = 2000, nullable = false) private String textEn;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getUse() { return use; }
    public void setUse(String use) { this.use = use; }
    public int getSchoolYear() { return schoolYear; }
    public void setSchoolYear(int schoolYear) { this.schoolYear = schoolYear; }
    public LocalDate getValidFrom() { return validFrom; }
    public void setValidFrom(LocalDate validFrom) { this.validFrom = validFrom; }
    public LocalDate getValidTo() { return validTo; }
    public void setValidTo(LocalDate validTo) { this.validTo = validTo; }
    public String getTextNb() { return textNb; }
    public void setTextNb(String textNb) { this.textNb = textNb; }
    public String getTextNn() { return textNn; }
    public void setTextNn(String textNn) { this.textNn = textNn; }
    public String getTextEn() { return textEn; }
    public void setTextEn(String textEn) { this.textEn = textEn; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
