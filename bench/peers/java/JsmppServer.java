// jsmpp's SMPP server (Maven Central org.jsmpp:jsmpp, pinned in pom.xml) as
// a peer in the benchmark: SMPPServerSessionListener with its default
// settings, every bind accepted, every submit_sm answered with a unique
// message id from onAcceptSubmitSm: the same work as the library's hosts.
//
//   java -cp 'classes:lib/*' JsmppServer PORT     prints "port N"; stops when stdin closes
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

public final class JsmppServer implements ServerMessageReceiverListener {
    private static final AtomicLong IDS = new AtomicLong();
    private static final OptionalParameter[] NONE = new OptionalParameter[0];

    private static ProcessRequestException unsupported() {
        return new ProcessRequestException("not supported", SMPPConstant.STAT_ESME_RSYSERR);
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
        try {
            return new SubmitSmResult(new MessageId(Long.toHexString(IDS.incrementAndGet())), NONE);
        } catch (PDUStringException e) {
            throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
        }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public void onAcceptCancelSm(CancelSm c, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession source) throws ProcessRequestException { throw unsupported(); }
    @Override
    public DataSmResult onAcceptDataSm(DataSm d, Session source) throws ProcessRequestException { throw unsupported(); }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        SMPPServerSessionListener listener = new SMPPServerSessionListener(port);
        listener.setMessageReceiverListener(new JsmppServer());
        System.out.println("port " + port);
        System.out.flush();
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) { }
            } catch (IOException e) { }
            System.exit(0);
        });
        stdin.setDaemon(true);
        stdin.start();
        ExecutorService binds = Executors.newCachedThreadPool();
        while (true) {
            SMPPServerSession session = listener.accept();
            binds.execute(() -> {
                try {
                    BindRequest req = session.waitForBind(10000);
                    req.accept("jsmpp", InterfaceVersion.IF_34);
                } catch (Exception e) {
                    session.close();
                }
            });
        }
    }
}
