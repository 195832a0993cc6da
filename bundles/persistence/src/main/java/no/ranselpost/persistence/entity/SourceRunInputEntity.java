package no.ranselpost.persistence.entity;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * The input a held run read (a file source's snapshot), kept in the database with the run, so
 * that confirming the run applies exactly that input, on whichever node, whatever waits in the
 * pickup directory by then.
 */
@Entity
@Table(name = "RP_SOURCE_RUN_INPUT", uniqueConstraints = @UniqueConstraint(name = "UQ_SOURCE_RUN_INPUT_RUN", columnNames = "RUN_ID"))
public class SourceRunInputEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "RUN_ID", nullable = false) private long runId;
    @Column(name = "FILE_NAME", length = 255) private String fileName;
    @Column(name = "SIZE_BYTES", nullable = false) private long size;
    @Column(name = "SHA256", length = 64, nullable = false) private String sha256;
    @Lob @Basic(fetch = FetchType.LAZY) @Column(name = "CONTENT", nullable = false) private byte[] content;

    public long getId() { return id; }
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }
    public String getFileName() { return fileName; }
    public void setFileName(String fileName) { this.fileName = fileName; }
    public long getSize() { return size; }
    public void setSize(long size) { this.size = size; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public byte[] getContent() { return content; }
    public void setContent(byte[] content) { this.content = content; }
}
