// jsmpp (Maven Central org.jsmpp:jsmpp, pinned in pom.xml) against the test SMSC.
//
// Started by run.sh with SMPP_PORT / CTRL_PORT as
//   java -cp 'lib/*' JsmppRow.java [--tls]
// Binds as transceiver, submits GSM and UCS-2 text with a receipt request and
// parses the receipts with jsmpp's DeliveryReceipt; receives MO deliver_sm
// (GSM and UCS-2) that the server sends on request; answers the server's own
// enquire_link (the server runs with KeepAliveInterval 1 s); unbinds.
//
// With --tls (row tls-java-jsmpp; the server runs with -tls and writes its
// test CA to ROW_DIR/tls-ca.pem) the same session runs over TLS: a jsmpp
// ConnectionFactory opens an SSLSocket from an SSLContext that trusts only
// that CA, checks the server's name (127.0.0.1, endpoint identification
// "HTTPS") and hands jsmpp a SocketConnection over it. Further checks: TLS
// 1.3 negotiated, OnTcpConnected reports tls.version=TLS1.3, and jsmpp's
// own SSLSocketConnectionFactory (the JDK's default trust store, which does
// not know the test CA) is refused at the handshake.

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SSLSocketConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.DeliveryReceiptState;

public class JsmppRow {
    static final List<String> failures = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String ctrl;

    /**
     * jsmpp's connections over TLS: an SSLSocket from a context that trusts
     * only the CA in caFile, the server's name checked, the handshake done
     * before jsmpp writes the bind. The last socket is kept for the checks.
     */
    static class TlsConnectionFactory implements ConnectionFactory {
        final SSLContext ctx;
        volatile SSLSocket last;

        TlsConnectionFactory(Path caFile) throws Exception {
            X509Certificate ca;
            try (InputStream in = new FileInputStream(caFile.toFile())) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("interop-test-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
        }

        @Override
        public Connection createConnection(String host, int port) throws IOException {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name host (127.0.0.1)
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.setSSLParameters(p);
            s.setSoTimeout(10000);
            s.startHandshake();
            s.setSoTimeout(0);
            last = s;
            return new SocketConnection(s);
        }
    }

    static void log(String s) {
        System.out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + s);
    }

    static boolean check(boolean cond, String what, Object detail) {
        if (cond) {
            log("ok   " + what);
        } else {
            log("FAIL " + what + " " + detail);
            failures.add(what);
        }
        return cond;
    }

    /** GET on the control endpoint; the body, or null unless 200. */
    static String ctl(String path, Map<String, String> q) throws Exception {
        StringBuilder sb = new StringBuilder(ctrl).append(path).append('?');
        for (Map.Entry<String, String> e : q.entrySet()) {
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
              .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).append('&');
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(sb.toString())).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return r.statusCode() == 200 ? r.body() : null;
    }

    static Map<String, String> q(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static String await(String ev, String... kv) throws Exception {
        Map<String, String> m = q(kv);
        m.put("ev", ev);
        m.put("timeout", "10");
        return ctl("/wait", m);
    }

    /** A field of a flat JSON object: the string's text or the number's digits. */
    static String field(String json, String name) {
        if (json == null) {
            return null;
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]*)").matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("SMPP_PORT"));
        ctrl = "http://127.0.0.1:" + System.getenv("CTRL_PORT");
        LinkedBlockingQueue<DeliverSm> delivered = new LinkedBlockingQueue<>();
        boolean tls = args.length > 0 && args[0].equals("--tls");
        TlsConnectionFactory factory = null;
        if (tls) {
            factory = new TlsConnectionFactory(Path.of(System.getenv("ROW_DIR"), "tls-ca.pem"));
            untrusted(port);
        }

        SMPPSession session = tls ? new SMPPSession(factory) : new SMPPSession();
        session.setTransactionTimer(10000);
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException {
                delivered.add(d);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification a) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm d, Session s) throws ProcessRequestException {
                throw new ProcessRequestException("not expected", 0x08);
            }
        });
        try {
            String mark = field(ctl("/last", q()), "i");
            run(session, delivered);
            if (tls) {
                SSLSocket s = factory.last;
                String v = s == null ? null : s.getSession().getProtocol();
                check("TLSv1.3".equals(v), "jsmpp's SSLSocket negotiated TLSv1.3 (" + (s == null ? "" : s.getSession().getCipherSuite()) + ")", v);
                String c = await("connect", "after", mark);
                String ext = field(c, "ext");
                check(ext != null && ext.contains("tls.version=TLS1.3;"), "OnTcpConnected reports tls.version=TLS1.3", c);
            }
        } catch (Exception e) {
            e.printStackTrace(System.out);
            check(false, "no exception", e);
        } finally {
            session.unbindAndClose();
        }
        check(await("unbind") != null, "server saw the unbind", "");
        String nacks = ctl("/events", q("ev", "trace", "cmd", "generic_nack"));
        check("[]".equals(nacks == null ? null : nacks.trim()), "no generic_nack", nacks);
        if (!failures.isEmpty()) {
            log(failures.size() + " check(s) failed: " + String.join("; ", failures));
            System.exit(1);
        }
        log("all checks passed");
        System.exit(0);
    }

    /**
     * jsmpp's own SSLSocketConnectionFactory trusts the JDK's default CAs,
     * not the test CA: the bind must fail (at the handshake) and the server
     * must not report a connection.
     */
    static void untrusted(int port) throws Exception {
        String mark = field(ctl("/last", q()), "i");
        SMPPSession s = new SMPPSession(SSLSocketConnectionFactory.getInstance());
        s.setTransactionTimer(5000);
        Exception err = null;
        try {
            s.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, "javauser", "pw",
                    "java", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        } catch (Exception e) {
            err = e;
        } finally {
            s.unbindAndClose();
        }
        check(err != null, "a certificate the client does not trust: bind refused (" + err + ")", "bound");
        Map<String, String> m = q("ev", "bind", "after", mark, "timeout", "1");
        String b = ctl("/wait", m);
        check(b == null, "server saw no bind from the untrusting client", b);
    }

    static DeliverSm take(LinkedBlockingQueue<DeliverSm> q, boolean receipt) throws InterruptedException {
        long end = System.currentTimeMillis() + 10000;
        List<DeliverSm> other = new ArrayList<>();
        try {
            while (System.currentTimeMillis() < end) {
                DeliverSm d = q.poll(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
                if (d == null) {
                    return null;
                }
                if (d.isSmscDeliveryReceipt() == receipt) {
                    return d;
                }
                other.add(d);
            }
            return null;
        } finally {
            q.addAll(other);
        }
    }

    static void run(SMPPSession session, LinkedBlockingQueue<DeliverSm> delivered) throws Exception {
        int port = Integer.parseInt(System.getenv("SMPP_PORT"));
        String sysId = session.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, "javauser", "pw",
                "java", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        check("interop".equals(sysId), "bind_transceiver answered with the SMSC's system_id", sysId);
        String b = await("bind", "system_id", "javauser");
        check("trx".equals(field(b, "mode")) && "52".equals(field(b, "version")), "server saw bind_transceiver v3.4", b);

        // submit_sm GSM and UCS-2, each with a receipt
        String[][] msgs = {
            {"447700900701", "Hello from jsmpp", "gsm"},
            {"447700900702", "Привет из jsmpp ✓", "ucs2"},
        };
        for (String[] m : msgs) {
            boolean ucs2 = m[2].equals("ucs2");
            GeneralDataCoding dc = new GeneralDataCoding(ucs2 ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT, MessageClass.CLASS1, false);
            byte[] body = ucs2 ? m[1].getBytes(StandardCharsets.UTF_16BE) : m[1].getBytes(StandardCharsets.US_ASCII);
            String id = session.submitShortMessage("CMT", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447700900700",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, m[0], new ESMClass(), (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, dc, (byte) 0, body).getMessageId();
            check(id != null && !id.isEmpty(), m[2] + ": submit_sm answered with message id " + id, id);
            String s = await("submit", "dst", m[0]);
            check(m[1].equals(field(s, "text")) && id.equals(field(s, "id")), m[2] + ": server saw the text, gave that id", s);
            DeliverSm r = take(delivered, true);
            if (check(r != null, m[2] + ": receipt received", "none")) {
                DeliveryReceipt dr = r.getShortMessageAsDeliveryReceipt();
                check(id.equals(dr.getId()), m[2] + ": receipt text id = message id", dr.getId());
                check(dr.getFinalStatus() == DeliveryReceiptState.DELIVRD, m[2] + ": receipt stat DELIVRD", dr.getFinalStatus());
                OptionalParameter p = r.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
                String tlv = p instanceof OptionalParameter.COctetString ? ((OptionalParameter.COctetString) p).getValueAsString() : null;
                check(id.equals(tlv), m[2] + ": receipted_message_id TLV = message id", tlv);
                check(m[0].equals(r.getSourceAddr()) && "447700900700".equals(r.getDestAddress()), m[2] + ": receipt addresses",
                        r.getSourceAddr() + " -> " + r.getDestAddress());
            }
        }

        // MO: the server sends deliver_sm on request
        String[][] mos = {
            {"gsm", "Hello jsmpp, this is an MO"},
            {"ucs2", "Ответ из SMSC ✓"},
        };
        for (String[] m : mos) {
            String r = ctl("/mo", q("system_id", "javauser", "from", "447700900799", "to", "1234", "text", m[1], "enc", m[0]));
            check(r != null && "0".equals(field(r, "code")), m[0] + ": server sent the MO deliver_sm", r);
            DeliverSm d = take(delivered, false);
            if (check(d != null, m[0] + ": jsmpp received the MO", "none")) {
                boolean ucs2 = (d.getDataCoding() & 0xFF) == 0x08;
                String text = new String(d.getShortMessage(), ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
                check(m[1].equals(text), m[0] + ": MO text as sent", text);
                check(m[0].equals("ucs2") == ucs2, m[0] + ": data_coding " + d.getDataCoding(), d.getDataCoding());
                check("447700900799".equals(d.getSourceAddr()) && "1234".equals(d.getDestAddress()), m[0] + ": MO addresses",
                        d.getSourceAddr() + " -> " + d.getDestAddress());
                String seq = field(r, "seqs").replaceAll("[\\[\\]]", "");
                String resp = await("deliver_resp", "seq", seq);
                check(resp != null && "0".equals(field(resp, "status")), m[0] + ": deliver_sm_resp OK", resp);
            }
        }

        // The server's own enquire_link (run.sh starts it with KeepAliveInterval 1 s)
        String last = field(ctl("/last", q()), "i");
        String out = await("trace", "after", last, "dir", "out", "cmd", "enquire_link");
        if (check(out != null, "server sent enquire_link", "none")) {
            String back = await("trace", "after", field(out, "i"), "dir", "in", "cmd", "enquire_link_resp", "seq", field(out, "seq"));
            check(back != null && "00000000".equals(field(back, "status")), "jsmpp answered the server's enquire_link", back);
        }
    }
}
