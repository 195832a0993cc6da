package no.ranselpost.registry.hrxml.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.FileImportSource.UnreadableFileException;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;

/**
 * Reads one HR export (Vigilo-style ExportInfo) whole before anything is handed on: a file that
 * is too large, has a DTD or entity references, is not well-formed or whose header does not
 * follow the schema is unreadable as a whole. Each {@code <Resource>} is validated against
 * {@code hr-exportinfo.xsd} on its own, inside a wrapper document with a fixed valid header, so
 * the schema's own declaration of Resource (in ExportInfo/Resources) is what checks it; a
 * Resource that fails is rejected alone, keyed by the line of its start tag.
 *
 * Streaming with StAX (no DTD support, no external entities), each Resource built into a small
 * DOM of its own; only the JDK's XML APIs. Not thread-safe: one reader per read.
 */
final class HrXmlReader {

    static final String XSD = "hr-exportinfo.xsd";
    private static final int MAX_DEPTH = 32;
    private static final Pattern QUOTED_VALUE = Pattern.compile("(?i)(value\\s+)'[^']*'");
    private static final Pattern LEADING_QUOTED = Pattern.compile("^(cvc-[A-Za-z0-9.-]+:\\s*)'[^']*'");
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{5,}");
    private static final Pattern LONG_QUOTED = Pattern.compile("'[^']{41,}'");
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9._/-]{1,30}");
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");

    /** What the file says, in document order: employments to hand on, and rejections. */
    sealed interface Item permits Employment, Rejection {
        String key();
    }

    /** @param unmappedCode the position code when it maps to no role (reported); else null */
    record Employment(EmploymentRecord record, String unmappedCode) implements Item {
        @Override
        public String key() {
            return record.key();
        }
    }

    record Rejection(String key, String reason) implements Item {
    }

    private final XMLInputFactory inputs;
    private final DocumentBuilder documents;
    private final Validator validator;
    private final SchemaErrors errors = new SchemaErrors();

    HrXmlReader(Schema schema) {
        this.inputs = secureInputFactory();
        this.documents = documentBuilder();
        this.validator = secureValidator(schema);
        validator.setErrorHandler(errors);
    }

    // ------------------------------------------------------------------ secure factories

    /** The schema from the bundle, compiled once; thread-safe. */
    static Schema loadSchema() {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("The XML schema factory cannot be secured", e);
        }
        try (InputStream in = HrXmlReader.class.getResourceAsStream(XSD)) {
            if (in == null) {
                throw new IllegalStateException(XSD + " is missing from the bundle");
            }
            return factory.newSchema(new StreamSource(in, "bundle:" + XSD));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException(XSD + " does not load", e);
        }
    }

    static XMLInputFactory secureInputFactory() {
        // the JDK's own implementation, whatever else is on the class path
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are refused");
        });
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException e) {
            // not every implementation knows the property; DTDs are off anyway
        }
        return f;
    }

    private static DocumentBuilder documentBuilder() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("No secure DOM builder", e);
        }
    }

    private static Validator secureValidator(Schema schema) {
        Validator v = schema.newValidator();
        try {
            v.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("The XML validator cannot be secured", e);
        }
        return v;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the whole file. Nothing is handed on from here: the caller hands the items on only
     * when this returns.
     *
     * @throws UnreadableFileException the file as a whole is unusable; its reason holds nothing from the file
     * @throws IOException the file could not be opened or read (not its content's fault)
     */
    List<Item> read(Path file, long maxBytes, Map<String, Role> roles, LocalDate today) throws UnreadableFileException, IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new UnreadableFileException("the file has " + size + " bytes, more than the " + maxBytes + " allowed");
        }
        List<Item> items = new ArrayList<>();
        try (InputStream in = new Bounded(Files.newInputStream(file), maxBytes)) {
            XMLStreamReader r = inputs.createXMLStreamReader(in);
            try {
                readDocument(r, roles, today, items);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            if (causedByTooLarge(e)) {
                throw new UnreadableFileException("the file grew beyond the " + maxBytes + " bytes allowed while it was read");
            }
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new UnreadableFileException("not well-formed XML" + (line > 0 ? " (line " + line + ")" : "")
                    + "; a DTD, an entity or anything else the parser refuses makes the whole file unreadable");
        } catch (TooLarge e) {
            throw new UnreadableFileException("the file grew beyond the " + maxBytes + " bytes allowed while it was read");
        }
        return items;
    }

    private static boolean causedByTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
            if (t instanceof XMLStreamException x && x.getNestedException() != null && x.getNestedException() != t.getCause()
                    && causedByTooLarge(x.getNestedException())) {
                return true;
            }
        }
        return false;
    }

    private void readDocument(XMLStreamReader r, Map<String, Role> roles, LocalDate today, List<Item> items)
            throws XMLStreamException, UnreadableFileException {
        int event = r.getEventType();
        while (event != XMLStreamConstants.START_ELEMENT) {
            refuseEntities(event);
            if (!r.hasNext()) {
                throw new UnreadableFileException("the file has no root element");
            }
            event = r.next();
        }
        if (!"ExportInfo".equals(r.getLocalName()) || !isEmpty(r.getNamespaceURI())) {
            throw new UnreadableFileException("the root element is not ExportInfo (without a namespace)");
        }
        // the header (every child of ExportInfo but the Resources' content) is validated as a document of its own
        Document header = documents.newDocument();
        Element root = header.createElementNS(null, "ExportInfo");
        header.appendChild(root);
        boolean resources = false;
        while (true) {
            event = r.next();
            refuseEntities(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (!resources && "Resources".equals(r.getLocalName()) && isEmpty(r.getNamespaceURI()) && r.getAttributeCount() == 0) {
                    resources = true;
                    root.appendChild(header.createElementNS(null, "Resources"));
                    readResources(r, roles, today, items);
                } else {
                    root.appendChild(element(r, header, 2));
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            } else if (isText(event)) {
                root.appendChild(header.createTextNode(r.getText()));
            }
        }
        while (r.hasNext()) {
            refuseEntities(r.next());
        }
        String invalid = validate(header);
        if (invalid != null) {
            throw new UnreadableFileException("the ExportInfo header does not follow " + XSD + ": " + invalid);
        }
    }

    private void readResources(XMLStreamReader r, Map<String, Role> roles, LocalDate today, List<Item> items)
            throws XMLStreamException, UnreadableFileException {
        while (true) {
            int event = r.next();
            refuseEntities(event);
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (isText(event)) {
                if (!r.isWhiteSpace()) {
                    int line = r.getLocation().getLineNumber();
                    throw new UnreadableFileException("text where only Resource elements belong (line " + line + ")");
                }
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String key = "line " + r.getLocation().getLineNumber();
            String name = r.getLocalName();
            Document doc = wrapper();
            Element element = element(r, doc, 3);
            if (!"Resource".equals(name) || !isEmpty(element.getNamespaceURI())) {
                items.add(new Rejection(key, "unexpected element " + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + " in Resources, only Resource belongs there"));
                continue;
            }
            doc.getDocumentElement().getLastChild().appendChild(element);
            String invalid = validate(doc);
            if (invalid != null) {
                items.add(new Rejection(key, "the Resource does not follow " + XSD + ": " + invalid));
                continue;
            }
            map(element, key, roles, today, items);
        }
    }

    /** ExportInfo with a fixed, valid header and an empty Resources, for one Resource to go into. */
    private Document wrapper() {
        Document doc = documents.newDocument();
        Element root = doc.createElementNS(null, "ExportInfo");
        doc.appendChild(root);
        Element date = doc.createElementNS(null, "ExportDate");
        date.setTextContent("2000-01-01T00:00:00");
        root.appendChild(date);
        Element source = doc.createElementNS(null, "Source");
        source.setTextContent("validation");
        root.appendChild(source);
        root.appendChild(doc.createElementNS(null, "Resources"));
        return doc;
    }

    /** Builds the current element and everything in it; the reader ends on its end tag. */
    private Element element(XMLStreamReader r, Document doc, int depth) throws XMLStreamException, UnreadableFileException {
        if (depth > MAX_DEPTH) {
            throw new UnreadableFileException("elements nested more than " + MAX_DEPTH + " deep (line " + r.getLocation().getLineNumber() + ")");
        }
        Element e = doc.createElementNS(emptyToNull(r.getNamespaceURI()), qualified(r.getPrefix(), r.getLocalName()));
        for (int i = 0; i < r.getAttributeCount(); i++) {
            e.setAttributeNS(emptyToNull(r.getAttributeNamespace(i)), qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)),
                    r.getAttributeValue(i));
        }
        while (true) {
            int event = r.next();
            refuseEntities(event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                e.appendChild(element(r, doc, depth + 1));
            } else if (isText(event)) {
                e.appendChild(doc.createTextNode(r.getText()));
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return e;
            }
        }
    }

    private static void refuseEntities(int event) throws UnreadableFileException {
        if (event == XMLStreamConstants.DTD) {
            throw new UnreadableFileException("the file has a document type declaration (DOCTYPE); DTDs and entities are refused");
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE || event == XMLStreamConstants.ENTITY_DECLARATION
                || event == XMLStreamConstants.NOTATION_DECLARATION) {
            throw new UnreadableFileException("the file uses an entity; DTDs and entities are refused");
        }
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA || event == XMLStreamConstants.SPACE;
    }

    /** The first schema error, with the values it quotes withheld; null when valid. */
    private String validate(Document doc) {
        errors.first = null;
        try {
            validator.validate(new DOMSource(doc));
        } catch (SAXException e) {
            if (errors.first == null) {
                errors.first = e.getMessage();
            }
        } catch (IOException e) {
            return "could not be validated (" + e.getClass().getSimpleName() + ")";
        }
        return errors.first == null ? null : withheld(errors.first);
    }

    /** A schema message without the values it quotes (they may hold a national id or a name). */
    static String withheld(String message) {
        String s = message == null ? "invalid" : message;
        s = QUOTED_VALUE.matcher(s).replaceAll("$1(withheld)");
        s = LEADING_QUOTED.matcher(s).replaceAll("$1(withheld)");
        s = LONG_QUOTED.matcher(s).replaceAll("(withheld)");
        s = DIGIT_RUN.matcher(s).replaceAll("(digits withheld)");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static final class SchemaErrors implements ErrorHandler {
        String first;

        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a Resource invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            if (first == null) {
                first = e.getMessage();
            }
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            error(e);
        }
    }

    // ------------------------------------------------------------------ mapping

    /** One valid Resource: the employee and each of their employments. */
    private static void map(Element resource, String key, Map<String, Role> roles, LocalDate today, List<Item> items) {
        List<Item> mine = new ArrayList<>();
        try {
            String employeeId = text(resource, "ResourceId");
            String ssn = text(resource, "SSN");
            Element address = child(child(resource, "Addresses"), "Address");
            AddressRecord postal = null;
            String email = null;
            String mobile = null;
            if (address != null) {
                String street = text(address, "Street");
                String zip = text(address, "ZipCode");
                String place = text(address, "Place");
                if (street != null || zip != null || place != null) {
                    postal = new AddressRecord(street, zip, place);
                }
                mobile = text(address, "Mobile");
                for (Element s : children(child(address, "EmailList"), "string")) {
                    String value = value(s);
                    if (value != null) {
                        email = value;
                        break;
                    }
                }
            }
            PersonRecord person = new PersonRecord(ssn, List.of(), text(resource, "GivenName"), text(resource, "FamilyName"),
                    birthDate(ssn), AddressProtection.NONE, postal, PersonStatus.RESIDENT);
            for (Element employment : children(child(resource, "Employments"), "Employment")) {
                String unitType = text(employment, "UnitType");
                String code = text(employment, "PositionCode");
                Role role = code == null ? null : roles.get(code);
                LocalDate[] leave = leave(children(employment, "Leave"), today);
                EmploymentRecord record = new EmploymentRecord(key, employeeId, person, email, mobile, text(employment, "OrgNumber"),
                        unitType == null ? null : UnitType.valueOf(unitType), code, text(employment, "PositionTitle"), role,
                        date(text(employment, "StartDate")), date(text(employment, "EndDate")), leave[0], leave[1]);
                mine.add(new Employment(record, role == null ? (code == null ? "" : code) : null));
            }
        } catch (RuntimeException e) {
            items.add(new Rejection(key, "the Resource could not be read (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        items.addAll(mine);
    }

    /**
     * The leave the record carries (it holds one): the one going on today, else the next to
     * come, else the last one that began. Null, null without leave.
     */
    static LocalDate[] leave(List<Element> leaves, LocalDate today) {
        LocalDate[] current = null;
        LocalDate[] next = null;
        LocalDate[] last = null;
        for (Element l : leaves) {
            LocalDate from = date(text(l, "From"));
            LocalDate to = date(text(l, "To"));
            LocalDate[] period = {from, to};
            if (!from.isAfter(today) && (to == null || !to.isBefore(today))) {
                if (current == null || from.isAfter(current[0])) {
                    current = period;
                }
            } else if (from.isAfter(today)) {
                if (next == null || from.isBefore(next[0])) {
                    next = period;
                }
            } else if (last == null || from.isAfter(last[0])) {
                last = period;
            }
        }
        LocalDate[] chosen = current != null ? current : next != null ? next : last;
        return chosen == null ? new LocalDate[] {null, null} : chosen;
    }

    /** The birth date the number gives (synthetic numbers too), so an HR import never blanks the register's; null if it gives none. */
    private static LocalDate birthDate(String ssn) {
        try {
            return NationalId.parse(ssn, true).birthDate();
        } catch (RuntimeException e) {
            return null; // the engine rejects the number with its reason
        }
    }

    /** xs:date (the schema has checked it); a time zone, if any, is dropped. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > 10 && Character.isDigit(value.charAt(0)) && value.charAt(4) == '-') {
            return LocalDate.parse(value.substring(0, 10));
        }
        return LocalDate.parse(value);
    }

    /** The position code as it may appear in a report: only a short code-like value, never an 11-digit number. */
    static String reportableCode(String code) {
        if (code != null && SAFE_CODE.matcher(code).matches() && !ELEVEN_DIGITS.matcher(code).find()) {
            return code;
        }
        return "(withheld)";
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && name.equals(e.getLocalName())) {
                    list.add(e);
                }
            }
        }
        return list;
    }

    private static String text(Element parent, String name) {
        return value(child(parent, name));
    }

    private static String value(Element e) {
        if (e == null) {
            return null;
        }
        String s = e.getTextContent().strip();
        return s.isEmpty() ? null : s;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String emptyToNull(String s) {
        return isEmpty(s) ? null : s;
    }

    private static String qualified(String prefix, String local) {
        return isEmpty(prefix) ? local : prefix + ":" + local;
    }

    /** Thrown by {@link Bounded} when a file grows past its bound while being read. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("file too large");
        }
    }

    /** An input stream that fails once more than its bound has been read. */
    static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count(s);
            return s;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge();
            }
        }
    }
}
