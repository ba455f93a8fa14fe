// Events on the host's thread: SMSCserverBase.SynchronizationContext and
// SynchronizingObject, tested with a real single-thread message loop (what a
// WinForms or WPF UI thread is) over a CIMD2 session on loopback: every
// handler on that thread, in order, answers sent from there, a throwing
// handler still getting the library's default answer, and Dispose never
// waiting for a host thread that waits for it. Part of SmscServerTests.exe.
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Threading;
using smscs;
using smscs.CIMD2;

namespace smscs.Tests
{
    /// <summary>A SynchronizationContext with one thread running a message
    /// loop of posted callbacks, as a UI thread does.</summary>
    sealed class LoopContext : SynchronizationContext, IDisposable
    {
        readonly Queue<KeyValuePair<SendOrPostCallback, object>> queue = new Queue<KeyValuePair<SendOrPostCallback, object>>();
        readonly Thread thread;
        bool stopping;
        int posted;
        /// <summary>Exceptions that reached the loop: a real UI loop would
        /// crash on them, so none may come from the library.</summary>
        public readonly Inbox<Exception> Escaped = new Inbox<Exception>();

        public LoopContext(string name)
        {
            thread = new Thread(Loop);
            thread.IsBackground = true;
            thread.Name = name;
            thread.Start();
        }

        public Thread Thread
        {
            get { return thread; }
        }

        public int Posted
        {
            get { lock (queue) return posted; }
        }

        /// <summary>Callbacks waiting behind the one running.</summary>
        public int Pending
        {
            get { lock (queue) return queue.Count; }
        }

        public override void Post(SendOrPostCallback d, object state)
        {
            lock (queue)
            {
                queue.Enqueue(new KeyValuePair<SendOrPostCallback, object>(d, state));
                posted++;
                Monitor.PulseAll(queue);
            }
        }

        public override void Send(SendOrPostCallback d, object state)
        {
            if (Thread.CurrentThread == thread)
            {
                d(state);
                return;
            }
            Exception error = null;
            using (ManualResetEvent done = new ManualResetEvent(false))
            {
                Post(o =>
                {
                    try
                    {
                        d(o);
                    }
                    catch (Exception ex)
                    {
                        error = ex;
                    }
                    finally
                    {
                        done.Set();
                    }
                }, state);
                done.WaitOne();
            }
            if (error != null) throw new TargetInvocationException(error);
        }

        public override SynchronizationContext CreateCopy()
        {
            return this;
        }

        void Loop()
        {
            SetSynchronizationContext(this);
            for (;;)
            {
                KeyValuePair<SendOrPostCallback, object> item;
                lock (queue)
                {
                    while (queue.Count == 0 && !stopping) Monitor.Wait(queue);
                    if (queue.Count == 0) return;
                    item = queue.Dequeue();
                }
                try
                {
                    item.Key(item.Value);
                }
                catch (Exception ex)
                {
                    Escaped.Add(ex);
                }
            }
        }

        /// <summary>Runs what is queued, then ends the loop.</summary>
        public void Dispose()
        {
            lock (queue)
            {
                stopping = true;
                Monitor.PulseAll(queue);
            }
            thread.Join(10000);
        }
    }

    /// <summary>An ISynchronizeInvoke on a LoopContext's thread, as a WinForms
    /// Control is on its UI thread. Broken = BeginInvoke throws, as a control
    /// without a window handle does.</summary>
    sealed class LoopInvoker : ISynchronizeInvoke
    {
        readonly LoopContext loop;
        readonly bool alwaysInline, broken;
        int begun;

        public LoopInvoker(LoopContext loop, bool alwaysInline = false, bool broken = false)
        {
            this.loop = loop;
            this.alwaysInline = alwaysInline;
            this.broken = broken;
        }

        public int BeginInvokes
        {
            get { return Volatile.Read(ref begun); }
        }

        public bool InvokeRequired
        {
            get { return !alwaysInline && Thread.CurrentThread != loop.Thread; }
        }

        sealed class Result : IAsyncResult
        {
            public readonly ManualResetEvent Done = new ManualResetEvent(false);
            public object Value;
            public Exception Error;
            public object AsyncState { get { return null; } }
            public WaitHandle AsyncWaitHandle { get { return Done; } }
            public bool CompletedSynchronously { get { return false; } }
            public bool IsCompleted { get { return Done.WaitOne(0); } }
        }

        public IAsyncResult BeginInvoke(Delegate method, object[] args)
        {
            Interlocked.Increment(ref begun);
            if (broken) throw new InvalidOperationException("no window handle");
            Result r = new Result();
            loop.Post(o =>
            {
                try
                {
                    r.Value = method.DynamicInvoke(args);
                }
                catch (TargetInvocationException ex)
                {
                    r.Error = ex.InnerException;
                }
                finally
                {
                    r.Done.Set();
                }
            }, null);
            return r;
        }

        public object EndInvoke(IAsyncResult result)
        {
            Result r = (Result)result;
            r.Done.WaitOne();
            if (r.Error != null) throw new TargetInvocationException(r.Error);
            return r.Value;
        }

        public object Invoke(Delegate method, object[] args)
        {
            if (!InvokeRequired) return method.DynamicInvoke(args);
            return EndInvoke(BeginInvoke(method, args));
        }
    }

    static partial class Program
    {
        static string Cimd2Submit(int tn, string text)
        {
            return FrameClient.Cimd2("03", tn.ToString("D3"), "021:4412345\t023:1234\t033:" + text + "\t");
        }

        /// <summary>A CIMD2 session whose handlers must all run where onHost
        /// says: connect, login, ten submits sent before any is answered, one
        /// whose handler throws, and the disconnect. Checks the order the
        /// handlers ran in, that their answers reach the client, and that a
        /// failed handler gets the library's default answer.
        /// Returns how many events' handlers ran (OnError runs inside the
        /// failed handler's call).</summary>
        static int HostSession(SMSCserverCIMD2 s, Func<bool> onHost, string where)
        {
            List<string> order = new List<string>();
            Inbox<EventArgs> ev = new Inbox<EventArgs>();
            Inbox<smscErrorEventArgs> errors = new Inbox<smscErrorEventArgs>();
            int offHost = 0, traces = 0, calls = 0;
            Action<string> note = what =>
            {
                if (!onHost()) Interlocked.Increment(ref offHost);
                if (what == null || !what.StartsWith("error ")) Interlocked.Increment(ref calls);
                if (what != null) lock (order) order.Add(what);
            };
            s.OnTcpConnected += new tcpConnectedEvent((o, e) =>
            {
                note("connected");
                s.tcpAcceptConnection(e.ClientID);
            });
            s.OnCimd2LoginReceived += new cimd2LoginReceivedEvent((o, e) =>
            {
                note("login");
                s.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0u, "");
            });
            s.OnCimd2SubmitMessageReceived += new cimd2SubmitMessageReceivedEvent((o, e) =>
            {
                note("submit " + e.TransactionNumber);
                if (e.Content == "THROW") throw new InvalidOperationException("boom");
                s.cimd2SendSubmitMessageResponse(e.ClientID, e.TransactionNumber, e.Destination, DateTime.MinValue, 0u, "");
            });
            s.OnCimd2TraceProtocol += new cimd2TraceProtocolCallback((o, e) =>
            {
                note(null);
                Interlocked.Increment(ref traces);
            });
            s.OnTcpDisconnected += new tcpDisconnectedEvent((o, e) =>
            {
                note("disconnected");
                ev.Add(e);
            });
            s.OnError += (o, e) =>
            {
                note("error " + e.EventName);
                errors.Add(e);
            };
            Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, ""), where + ": cimd2InitializeServer");
            List<string> want = new List<string> { "connected", "login" };
            using (FrameClient c = new FrameClient(s.LocalPort))
            {
                c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t"));
                Eq("51:001\t3C", c.ReadFrame(), where + ": login accepted by the handler");
                for (int tn = 3; tn <= 21; tn += 2) c.SendFrame(Cimd2Submit(tn, "m" + tn));
                for (int tn = 3; tn <= 21; tn += 2)
                {
                    string f = c.ReadFrame();
                    Check(f.StartsWith("53:" + tn.ToString("D3") + "\t021:4412345\t060:"), where + ": handler's answer to submit " + tn + ": " + f);
                    want.Add("submit " + tn);
                }
                c.SendFrame(Cimd2Submit(23, "THROW"));
                string d = c.ReadFrame();
                Check(d.StartsWith("53:023\t900:6\t"), where + ": default answer after the handler threw: " + d);
                smscErrorEventArgs err = errors.Take(10000, "OnError");
                Eq("OnCimd2SubmitMessageReceived", err.EventName, where + ": OnError.EventName");
                Check(err.Exception is InvalidOperationException, where + ": OnError.Exception is the handler's");
                want.Add("submit 23");
                want.Add("error OnCimd2SubmitMessageReceived");
            }
            ev.Take(x => x is tcpDisconnectedEventArgs, 10000, "OnTcpDisconnected");
            want.Add("disconnected");
            lock (order) Eq(string.Join(", ", want), string.Join(", ", order), where + ": handlers in order");
            Eq(0, Volatile.Read(ref offHost), where + ": handlers off the expected thread");
            Check(Volatile.Read(ref traces) >= 24, where + ": trace events: " + traces);
            return Volatile.Read(ref calls);
        }

        static void TestHostContext()
        {
            using (LoopContext ui = new LoopContext("ui loop"))
            using (SMSCserverCIMD2 s = new SMSCserverCIMD2())
            {
                Check(s.SynchronizationContext == null && s.SynchronizingObject == null, "off by default");
                s.SynchronizationContext = ui;
                int calls = HostSession(s, () => Thread.CurrentThread == ui.Thread, "SynchronizationContext");
                Eq(calls, ui.Posted, "one Post per event");
                Check(ui.Escaped.None(x => true, 0), "nothing escaped into the loop");
            }
        }

        static void TestHostInvoke()
        {
            using (LoopContext ui = new LoopContext("ui control"))
            {
                LoopInvoker control = new LoopInvoker(ui);
                using (SMSCserverCIMD2 s = new SMSCserverCIMD2())
                {
                    s.SynchronizingObject = control;
                    s.SynchronizationContext = new SynchronizationContext(); // SynchronizingObject comes first
                    int calls = HostSession(s, () => Thread.CurrentThread == ui.Thread, "SynchronizingObject");
                    Eq(calls, control.BeginInvokes, "one BeginInvoke per event");
                    Check(ui.Escaped.None(x => true, 0), "nothing escaped into the loop");
                }

                // InvokeRequired false: the handlers run at once, on the dispatcher thread.
                LoopInvoker inline = new LoopInvoker(ui, alwaysInline: true, broken: true);
                using (SMSCserverCIMD2 s = new SMSCserverCIMD2())
                {
                    s.SynchronizingObject = inline;
                    HostSession(s, () => s.IsDispatcherThread, "InvokeRequired false");
                    Eq(0, inline.BeginInvokes, "no BeginInvoke when InvokeRequired is false");
                }
            }
        }

        /// <summary>BeginInvoke throws: OnError on the dispatcher thread (the
        /// host cannot be reached) and the library's defaults: the connection
        /// accepted, the login rejected.</summary>
        static void TestHostUnreachable()
        {
            using (LoopContext ui = new LoopContext("ui gone"))
            using (SMSCserverCIMD2 s = new SMSCserverCIMD2())
            {
                LoopInvoker gone = new LoopInvoker(ui, broken: true);
                Inbox<smscErrorEventArgs> errors = new Inbox<smscErrorEventArgs>();
                int ran = 0, offDispatcher = 0;
                s.SynchronizingObject = gone;
                s.OnTcpConnected += (o, e) => Interlocked.Increment(ref ran);
                s.OnCimd2LoginReceived += (o, e) => Interlocked.Increment(ref ran);
                s.OnError += (o, e) =>
                {
                    if (!s.IsDispatcherThread) Interlocked.Increment(ref offDispatcher);
                    errors.Add(e);
                };
                Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, ""), "cimd2InitializeServer");
                using (FrameClient c = new FrameClient(s.LocalPort))
                {
                    c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t"));
                    Check(c.ReadFrame().StartsWith("51:001\t900:100\t"), "the library's default login answer");
                }
                smscErrorEventArgs e1 = errors.Take(10000, "OnError for OnTcpConnected");
                smscErrorEventArgs e2 = errors.Take(10000, "OnError for OnCimd2LoginReceived");
                Eq("OnTcpConnected", e1.EventName, "first OnError");
                Eq("OnCimd2LoginReceived", e2.EventName, "second OnError");
                Check(e1.Exception is InvalidOperationException && e1.Exception.Message == "no window handle", "OnError carries BeginInvoke's exception");
                Eq(0, Volatile.Read(ref ran), "no handler ran");
                Eq(0, Volatile.Read(ref offDispatcher), "OnError off the dispatcher thread");
            }
        }

        /// <summary>A server whose submit handler runs on ui; the client is
        /// logged in. Login and connect run on ui too.</summary>
        static FrameClient HostServer(SMSCserverCIMD2 s, LoopContext ui, Action<cimd2SubmitMessageReceivedEventArgs> onSubmit)
        {
            s.SynchronizationContext = ui;
            s.OnCimd2LoginReceived += (o, e) => s.cimd2SendLoginResponse(e.ClientID, e.TransactionNumber, 0u, "");
            s.OnCimd2SubmitMessageReceived += (o, e) => onSubmit(e);
            Eq(0, s.cimd2InitializeServer("127.0.0.1", 0, ""), "cimd2InitializeServer");
            FrameClient c = new FrameClient(s.LocalPort);
            c.SendFrame(FrameClient.Cimd2("01", "001", "010:cimduser\t011:secret\t"));
            Eq("51:001\t3C", c.ReadFrame(), "login accepted on the loop");
            return c;
        }

        /// <summary>Waits (bounded) until the dispatcher has posted a call
        /// that waits behind the one running on the loop.</summary>
        static bool WaitPending(LoopContext ui)
        {
            for (int i = 0; i < 1000; i++)
            {
                if (ui.Pending > 0) return true;
                Thread.Sleep(10);
            }
            return false;
        }

        static void TestHostDispose()
        {
            // 1. Dispose on the loop's thread while the dispatcher waits for that
            // thread to run a submit handler (a form closing while events come).
            using (LoopContext ui = new LoopContext("ui dispose"))
            {
                SMSCserverCIMD2 s = new SMSCserverCIMD2();
                int handled = 0;
                FrameClient c = HostServer(s, ui, e => Interlocked.Increment(ref handled));
                long disposeMs = -1;
                bool sawQueued = false;
                using (ManualResetEvent posted = new ManualResetEvent(false))
                using (ManualResetEvent disposed = new ManualResetEvent(false))
                {
                    ui.Post(_ =>
                    {
                        posted.Set();
                        sawQueued = WaitPending(ui); // the submit's handler call, queued behind this one
                        Stopwatch sw = Stopwatch.StartNew();
                        s.Dispose();
                        disposeMs = sw.ElapsedMilliseconds;
                        disposed.Set();
                    }, null);
                    Check(posted.WaitOne(10000), "the loop runs the disposer");
                    c.SendFrame(Cimd2Submit(3, "late"));
                    Check(disposed.WaitOne(20000), "Dispose on the loop returned");
                }
                Check(sawQueued, "a handler call waited behind the disposer");
                Check(disposeMs >= 0 && disposeMs < 5000, "Dispose on the loop's thread did not wait for it: " + disposeMs + " ms");
                Check(c.ClosedWithin(5000), "the connection closed");
                c.Dispose();
                Check(WaitIdle(ui), "loop idle"); // the dropped call has had its turn

                Eq(0, Volatile.Read(ref handled), "the dropped handler never ran");
                Eq(smscError.SMSC_ERR_INVALID_HANDLE, s.cimd2SendRAW(1, 1, 40u, ""), "disposed");
                Check(ui.Escaped.None(x => true, 0), "nothing escaped into the loop");
            }

            // 2. Dispose from inside a handler running on the loop's thread.
            using (LoopContext ui = new LoopContext("ui dispose in handler"))
            {
                SMSCserverCIMD2 s = new SMSCserverCIMD2();
                Inbox<string> done = new Inbox<string>();
                FrameClient c = HostServer(s, ui, e =>
                {
                    Stopwatch sw = Stopwatch.StartNew();
                    s.Dispose();
                    done.Add((Thread.CurrentThread == ui.Thread ? "on the loop, " : "off the loop, ") + sw.ElapsedMilliseconds);
                });
                c.SendFrame(Cimd2Submit(3, "dispose"));
                string r = done.Take(20000, "Dispose in the handler returned");
                long ms = long.Parse(r.Substring(r.IndexOf(", ") + 2));
                Check(r.StartsWith("on the loop, ") && ms < 5000, "Dispose inside a handler on the loop returned at once: " + r);
                Check(c.ClosedWithin(5000), "the connection closed");
                c.Dispose();
                Check(s.IsDisposed, "IsDisposed");
                Check(ui.Escaped.None(x => true, 0), "nothing escaped into the loop");
            }

            // 3. Dispose from another thread while the loop is busy and a
            // handler call waits for it (a hung UI thread).
            using (LoopContext ui = new LoopContext("ui busy"))
            using (ManualResetEvent release = new ManualResetEvent(false))
            {
                SMSCserverCIMD2 s = new SMSCserverCIMD2();
                int handled = 0;
                FrameClient c = HostServer(s, ui, e => Interlocked.Increment(ref handled));
                ui.Post(_ => release.WaitOne(30000), null);
                c.SendFrame(Cimd2Submit(3, "waits"));
                Check(WaitPending(ui), "the handler call waits behind the busy loop");
                Stopwatch sw = Stopwatch.StartNew();
                s.Dispose();
                long ms = sw.ElapsedMilliseconds;
                release.Set();
                Check(ms < 5000, "Dispose did not wait for the busy loop: " + ms + " ms");
                Check(WaitIdle(ui), "loop idle");
                Eq(0, Volatile.Read(ref handled), "the dropped handler never ran");
                c.Dispose();
            }
        }

        /// <summary>True once everything posted to ui before this call has run.</summary>
        static bool WaitIdle(LoopContext ui)
        {
            using (ManualResetEvent ran = new ManualResetEvent(false))
            {
                ui.Post(_ => ran.Set(), null);
                return ran.WaitOne(10000);
            }
        }
    }
}
