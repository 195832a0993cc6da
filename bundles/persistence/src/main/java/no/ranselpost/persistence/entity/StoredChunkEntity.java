package no.ranselpost.persistence.entity;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

/**
 * One piece of a stored content's bytes, numbered from 0. The storage bundle writes and reads
 * these with plain JDBC on the persistence unit's connection, one piece at a time; the entity is
 * here so that the schema (and its drift test) knows the table.
 */
@Entity
@Table(name = "RP_STORED_CHUNK")
@IdClass(StoredChunkKey.class)
public class StoredChunkEntity {
    @Id @Column(name = "CONTENT_ID", nullable = false) private long contentId;
    @Id @Column(name = "CHUNK_NO", nullable = false) private int chunkNo;
    @Lob @Basic(fetch = FetchType.LAZY) @Column(name = "DATA", nullable = false) private byte[] data;

    public long getContentId() { return contentId; }
    public void setContentId(long contentId) { this.contentId = contentId; }
    public int getChunkNo() { return chunkNo; }
    public void setChunkNo(int chunkNo) { this.chunkNo = chunkNo; }
    public byte[] getData() { return data; }
    public void setData(byte[] data) { this.data = data; }
}
