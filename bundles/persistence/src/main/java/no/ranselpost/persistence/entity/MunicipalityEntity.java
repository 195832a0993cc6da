package no.ranselpost.persistence.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.Id;
import javax.persistence.Table;

@Entity
@Table(name = "RP_MUNICIPALITY")
public class MunicipalityEntity {
    @Id @GeneratedValue private long id;
    @Column(name = "MUNICIPALITY_NUMBER", length = 4, nullable = false) private String number;
    @Column(nullable = false, length = 200) private String name;

    public long getId() { return id; }
    public String getNumber() { return number; }
    public void setNumber(String number) { this.number = number; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
