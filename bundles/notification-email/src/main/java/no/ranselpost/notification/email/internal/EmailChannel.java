package no.ranselpost.notification.email.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import javax.mail.Address;
import javax.mail.AuthenticationFailedException;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import no.ranselpost.notification.api.NotificationChannel;

/**
 * E-mail notices over SMTP with javax.mail 1.6.2: one connection for a worker's batch; a plain
 * text body (UTF-8); the headers carry nothing but From, To, Subject, Date, Message-ID and the MIME
 * ones. A refused address is final; a server that is down, times out or answers 4xx is tried
 * again. STACK-2 item 3, trap 2: the thread's context class loader is javax.mail's while a message
 * is built and sent (else DataHandler finds no handler for text/plain). Never logs an address.
 */
@Component(service = NotificationChannel.class, configurationPid = "no.ranselpost.notification.email", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "channel=email")
@Designate(ocd = EmailSettings.class)
public class EmailChannel implements NotificationChannel {

    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
    private volatile EmailSettings settings;
    private volatile InternetAddress from;

    @Activate
    public EmailChannel(EmailSettings settings) {
        modified(settings);
    }

    @Modified
    void modified(EmailSettings s) {
        try {
            this.from = new InternetAddress(s.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'from' is not an e-mail address", e);
        }
        this.settings = s;
        LOG.info("E-mail notices go through {}:{} (STARTTLS {}, {})", s.host(), s.port(), s.starttls(),
                s.username() == null || s.username().isBlank() ? "no authentication" : "authenticated");
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean validAddress(String address) {
        if (address == null || address.length() > 320) {
            return false;
        }
        try {
            InternetAddress a = new InternetAddress(address, true);
            a.validate();
            return a.getAddress().indexOf('@') > 0 && a.getPersonal() == null;
        } catch (AddressException e) {
            return false;
        }
    }

    Session session() {
        EmailSettings s = settings;
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", Integer.toString(s.port()));
        String tls = s.starttls() == null ? "OPTIONAL" : s.starttls().strip().toUpperCase(Locale.ROOT);
        p.put("mail.smtp.starttls.enable", Boolean.toString(!"NONE".equals(tls)));
        p.put("mail.smtp.starttls.required", Boolean.toString("REQUIRED".equals(tls)));
        boolean auth = s.username() != null && !s.username().isBlank();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        p.put("mail.smtp.connectiontimeout", Integer.toString(s.timeoutMillis()));
        p.put("mail.smtp.timeout", Integer.toString(s.timeoutMillis()));
        p.put("mail.smtp.writetimeout", Integer.toString(s.timeoutMillis()));
        // the EHLO name: not the node's host name
        p.put("mail.smtp.localhost", "ranselpost");
        p.put("mail.smtp.sendpartial", "false");
        return Session.getInstance(p);
    }

    @Override
    public List<Delivery> send(List<OutgoingNotice> notices) {
        List<Delivery> out = new ArrayList<>();
        if (notices.isEmpty()) {
            return out;
        }
        EmailSettings s = settings;
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(Session.class.getClassLoader());
        Transport transport = null;
        try {
            Session session = session();
            try {
                transport = session.getTransport("smtp");
                boolean auth = s.username() != null && !s.username().isBlank();
                transport.connect(s.host(), s.port(), auth ? s.username() : null, auth ? s._password() : null);
            } catch (AuthenticationFailedException e) {
                LOG.warn("The SMTP server refused Ranselpost's credentials");
                notices.forEach(n -> out.add(Delivery.retry("smtp-auth")));
                return out;
            } catch (MessagingException e) {
                LOG.warn("SMTP server {}:{} not reached: {}", s.host(), s.port(), e.getClass().getSimpleName());
                notices.forEach(n -> out.add(Delivery.retry("smtp-down")));
                return out;
            }
            for (OutgoingNotice n : notices) {
                out.add(sendOne(session, transport, n));
                if (!transport.isConnected()) {
                    // the server went away mid-batch: the rest is tried again later
                    while (out.size() < notices.size()) {
                        out.add(Delivery.retry("smtp-down"));
                    }
                    break;
                }
            }
            return out;
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // the messages it accepted are accepted
                }
            }
            t.setContextClassLoader(before);
        }
    }

    private Delivery sendOne(Session session, Transport transport, OutgoingNotice n) {
        InternetAddress to;
        try {
            to = new InternetAddress(n.address(), true);
        } catch (AddressException e) {
            return Delivery.permanent("invalid-address");
        }
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipient(Message.RecipientType.TO, to);
            m.setSubject(n.subject(), "UTF-8");
            m.setText(n.text(), "UTF-8");
            m.setSentDate(new java.util.Date());
            m.saveChanges();
            transport.sendMessage(m, new Address[] {to});
            return Delivery.delivered();
        } catch (SendFailedException e) {
            // a 5xx for the recipient is final; a 4xx (greylisting, mailbox busy) is tried again
            boolean invalid = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
            String msg = String.valueOf(e.getMessage());
            return invalid || msg.startsWith("5") ? Delivery.permanent("smtp-refused") : Delivery.retry("smtp-transient");
        } catch (MessagingException e) {
            return Delivery.retry("smtp-error");
        }
    }
}
