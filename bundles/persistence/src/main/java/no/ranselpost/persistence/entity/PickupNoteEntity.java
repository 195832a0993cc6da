package no.ranselpost.persistence.entity;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.ManyToOne;
import javax.persistence.Table;

/** A guardian's note for the day on who fetches the child ("bestemor henter"). */
@Entity
@Table(name = "RP_PICKUP_NOTE", indexes = @Index(name = "IX_PICKUP_NOTE_CHILD_DAY", columnList = "CHILD_ID,DAY"))
public class PickupNoteEntity {
    @Id @GeneratedValue private long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "CHILD_ID", nullable = false) private PersonEntity child;
    @Column(name = "DAY", nullable = false) private LocalDate day;
    @Column(name = "NOTE_TEXT", length = 200, nullable = false) private String text;
    @Column(name = "WRITTEN_BY", nullable = false) private long writtenBy;
    @Column(name = "CREATED_AT", nullable = false) private OffsetDateTime createdAt;

    public long getId() { return id; }
    public PersonEntity getChild() { return child; }
    public void setChild(PersonEntity child) { this.child = child; }
    public LocalDate getDay() { return day; }
    public void setDay(LocalDate day) { this.day = day; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public long getWrittenBy() { return writtenBy; }
    public void setWrittenBy(long writtenBy) { this.writtenBy = writtenBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public void setCreatedAt(OffsetDateTime createdAt) { this.createdAt = createdAt; }
}
