// Namespace smscs: SMSCserverBase, which owns the native server handle, the
// dispatcher thread and Dispose, and the OnError event. The enums, the TCP
// events and their argument classes are generated from the C header
// (Enums.g.cs, Common.g.cs).
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Threading;

namespace smscs
{
    /// <summary>OnError: an event handler threw. The exception did not reach
    /// native code; the library answered the request with its default.</summary>
    public delegate void smscErrorEvent(object sender, smscErrorEventArgs e);

    public class smscErrorEventArgs : EventArgs
    {
        /// <summary>The event whose handler failed, e.g. "OnSmppSubmitMessageReceived".</summary>
        public string EventName { get; internal set; }
        public Exception Exception { get; internal set; }
    }

    /// <summary>
    /// What SMSCserverSMPP, SMSCserverUCP and SMSCserverCIMD2 share: the native
    /// handle, the TCP-level methods and events, KeepAliveInterval and
    /// ThrottleRate, and the dispatcher thread.
    ///
    /// Threading: every event is raised on one background thread owned by the
    /// object ("smscs dispatcher"), which pumps the library's queue
    /// (smscDispatchEvents); no library thread ever runs managed code. With
    /// SynchronizingObject or SynchronizationContext set, the dispatcher
    /// hands each handler call to that host thread instead and waits for it.
    /// Events of one connection arrive in order; a slow handler delays all
    /// events of this object, and when the queue (4096 events) is full the
    /// library stops reading the sockets. Handlers may call any method,
    /// including Dispose.
    ///
    /// Lifetime: the object stays alive until Dispose (its thread holds it),
    /// like a listening socket. Dispose closes every connection; not calling
    /// it is safe for process exit (the thread is a background thread).
    /// </summary>
    public abstract partial class SMSCserverBase : IDisposable
    {
        /// <summary>How long one smscDispatchEvents call waits for the first
        /// event, and how many events it runs before returning.</summary>
        const int DispatchTimeoutMs = 500, DispatchBatch = 256;

        internal readonly IntPtr handle;
        internal readonly IntPtr userData;
        GCHandle self;
        readonly Thread dispatcher;
        readonly object sync = new object();
        int disposeState;   // 0 live, 1 disposing/disposed
        int selfFreed;
        /// <summary>Set on AppDomain.ProcessExit: handlers stop running and
        /// every dispatcher thread leaves native code and ends.</summary>
        static int s_exiting;
        /// <summary>Set when a shutdown abort reached one of this object's
        /// handlers: its dispatcher stops.</summary>
        int stopDispatch;
        ISynchronizeInvoke synchronizingObject;
        System.Threading.SynchronizationContext synchronizationContext;
        /// <summary>Guards the handler call the dispatcher has handed to the
        /// host's thread (HostCall) and the release by Dispose or process exit.</summary>
        readonly object hostLock = new object();
        bool hostReleased;
        /// <summary>The thread that called Dispose; null when the process exits.</summary>
        Thread hostReleaser;

        internal SMSCserverBase(IntPtr nativeHandle, string protocol)
        {
            if (nativeHandle == IntPtr.Zero)
                throw new OutOfMemoryException("smscs: the library could not create a " + protocol + " server");
            if (Native.smscAbiVersion() != Native.AbiVersion)
            {
                // The struct mirrors of this assembly would misread the events.
                Native.smscDestroyServer(nativeHandle);
                throw new InvalidOperationException("smscs: libsmscserver has ABI version " + Native.smscAbiVersion() +
                    ", this assembly needs " + Native.AbiVersion);
            }
            handle = nativeHandle;
            int rc = Native.smscSetDispatchMode(handle, (int)smscDispatchMode.SMSC_DISPATCH_PUMPED); // before InitializeServer
            if (rc != 0)
            {
                Native.smscDestroyServer(handle);
                throw new InvalidOperationException("smscs: smscSetDispatchMode failed: " + ErrorText(rc));
            }
            self = GCHandle.Alloc(this, GCHandleType.Normal);
            // userData is the address of a small native block holding the
            // GCHandle, not the GCHandle value itself: Mono's GCHandles are
            // small integers (0x13, ...), and the first libsmscserver 1.0.0
            // builds kept userData in a Go unsafe.Pointer, which the Go GC
            // rejects below 4096 ("invalid pointer found on stack"). A malloc'd
            // address is safe whatever the library does with it.
            userData = Marshal.AllocHGlobal(IntPtr.Size);
            Marshal.WriteIntPtr(userData, GCHandle.ToIntPtr(self));
            dispatcher = new Thread(DispatchLoop);
            dispatcher.IsBackground = true;
            dispatcher.Name = "smscs dispatcher (" + protocol + ")";
            dispatcher.Start();
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        /// <summary>Process exit without Dispose. Mono fires ProcessExit before
        /// it aborts background threads, and an abort must never meet the
        /// dispatcher inside a native call: so stop the handlers, wake the
        /// dispatcher and wait (briefly) until it has left native code. The
        /// native server is not destroyed here; the OS closes its sockets.</summary>
        void OnProcessExit(object sender, EventArgs e)
        {
            Volatile.Write(ref s_exiting, 1);
            ReleaseHost(null);
            Native.smscWakeDispatcher(handle);
            if (Thread.CurrentThread != dispatcher)
                dispatcher.Join(2000);
        }

        ~SMSCserverBase()
        {
            Dispose(false);
        }

        // ------------------------------------------------------------ library

        /// <summary>Text for any return code (negative, 0 or errno).</summary>
        public static string ErrorText(int code)
        {
            return Native.S(Native.smscErrorText(code));
        }

        /// <summary>Version of the loaded native library, e.g. "1.0.0".</summary>
        public static string LibraryVersion
        {
            get { return Native.S(Native.smscVersion()); }
        }

        /// <summary>SMSCSERVER_ABI_VERSION of the loaded native library (this binding expects 1).</summary>
        public static int AbiVersion
        {
            get { return Native.smscAbiVersion(); }
        }

        // ------------------------------------------------------- connections

        /// <summary>Let a connection announced by OnTcpConnected start its session.</summary>
        public int tcpAcceptConnection(int ClientID) { return Native.tcpAcceptConnection(handle, ClientID); }
        public int tcpAcceptConnection(uint ClientID) { return Native.tcpAcceptConnection(handle, unchecked((int)ClientID)); }

        /// <summary>Close a connection now; OnTcpDisconnected follows with Reason -1.</summary>
        public int tcpCloseConnection(int ClientID) { return Native.tcpCloseConnection(handle, ClientID); }
        public int tcpCloseConnection(uint ClientID) { return Native.tcpCloseConnection(handle, unchecked((int)ClientID)); }

        /// <summary>Close every connection of this server.</summary>
        public void tcpCloseAllConnections() { Native.tcpCloseAllConnections(handle); }

        // -------------------------------------------------------- properties

        /// <summary>Seconds of silence after which the server sends a keep-alive
        /// and closes a client that does not answer (0 = off).</summary>
        public int KeepAliveInterval
        {
            get { return Checked(Native.smscGetKeepAliveInterval(handle), "KeepAliveInterval"); }
            set { Checked(Native.smscSetKeepAliveInterval(handle, value), "KeepAliveInterval"); }
        }

        /// <summary>The most messages per second the server sends for the host
        /// (0 = unlimited), counted over all its connections together (per
        /// connection with throttle-scope=connection in the InitializeServer
        /// ExtendedParameters). Deliveries (each part), status reports and submit
        /// responses count: those Send methods wait for their slot, on the
        /// calling thread. The library's own answers do not count.</summary>
        public int ThrottleRate
        {
            get { return Checked(Native.smscGetThrottleRate(handle), "ThrottleRate"); }
            set { Checked(Native.smscSetThrottleRate(handle, value), "ThrottleRate"); }
        }

        /// <summary>The listening port (&gt; 0), or a negative error code when
        /// not listening (beyond the reference; useful with LocalPort 0).</summary>
        public int LocalPort
        {
            get { return Native.smscGetLocalPort(handle); }
        }

        /// <summary>Live connections (&gt;= 0), or a negative error code.</summary>
        public int ConnectionCount
        {
            get { return Native.smscGetConnectionCount(handle); }
        }

        /// <summary>Room for the part numbers of one *SendDeliverMessage call:
        /// the library sends at most 255 parts (SMSC_ERR_CONTENT_TOO_LONG).</summary>
        internal const int MaxParts = 255;

        /// <summary>Sets numbers (created when null, cleared otherwise) to the
        /// part numbers a *SendDeliverMessage call wrote into buf: the
        /// reference's ref List&lt;uint&gt;. Returns rc.</summary>
        internal static unsafe int TakeParts(int rc, uint* buf, UIntPtr count, ref System.Collections.Generic.List<uint> numbers)
        {
            if (numbers == null) numbers = new System.Collections.Generic.List<uint>();
            else numbers.Clear();
            // Also after a failure: the parts sent before it still get answers.
            if (rc != smscError.SMSC_ERR_BUFFER_TOO_SMALL)
            {
                int n = (int)count.ToUInt64();
                for (int i = 0; i < n && i < MaxParts; i++) numbers.Add(buf[i]);
            }
            return rc;
        }

        int Checked(int rc, string what)
        {
            if (rc >= 0) return rc;
            if (rc == smscError.SMSC_ERR_INVALID_HANDLE && Volatile.Read(ref disposeState) != 0)
                throw new ObjectDisposedException(GetType().Name);
            if (rc == smscError.SMSC_ERR_INVALID_ARGUMENT)
                throw new ArgumentOutOfRangeException(what, ErrorText(rc));
            throw new InvalidOperationException(what + ": " + ErrorText(rc));
        }

        // ------------------------------------------------------------ events

        smscErrorEvent onError;

        /// <summary>An event handler threw (beyond the reference). Without a
        /// handler here the exception is written to standard error.</summary>
        public event smscErrorEvent OnError
        {
            add { lock (sync) onError = (smscErrorEvent)Delegate.Combine(onError, value); }
            remove { lock (sync) onError = (smscErrorEvent)Delegate.Remove(onError, value); }
        }

        /// <summary>Adds a handler; the first one registers the native
        /// callback, so that an event nobody handles keeps the library's
        /// default behaviour.</summary>
        internal void AddHandler<T>(ref T field, T value, NativeSetCallback set, NativeEventCallback bridge) where T : class
        {
            if (value == null) return;
            lock (sync)
            {
                T old = field;
                field = (T)(object)Delegate.Combine((Delegate)(object)old, (Delegate)(object)value);
                if (old == null) set(handle, bridge, userData);
            }
        }

        /// <summary>Removes a handler; the last one unregisters the native callback.</summary>
        internal void RemoveHandler<T>(ref T field, T value, NativeSetCallback set) where T : class
        {
            if (value == null) return;
            lock (sync)
            {
                T old = field;
                field = (T)(object)Delegate.Remove((Delegate)(object)old, (Delegate)(object)value);
                if (old != null && field == null) set(handle, null, IntPtr.Zero);
            }
        }

        /// <summary>The object behind a callback's userData, or null once the
        /// process is exiting: from then on no handler runs and requests get
        /// the library's default answer.</summary>
        internal static unsafe SMSCserverBase Target(IntPtr ud)
        {
            if (Volatile.Read(ref s_exiting) != 0) return null;
            SMSCserverBase s = (SMSCserverBase)GCHandle.FromIntPtr(*(IntPtr*)ud).Target;
            return Volatile.Read(ref s.stopDispatch) == 0 ? s : null;
        }

        /// <summary>Reports an exception of a handler (or of the bridge) and
        /// returns the "use the default answer" code. Never throws.</summary>
        internal static int Fail(SMSCserverBase s, string eventName, Exception ex)
        {
            if (ex is ThreadAbortException)
            {
                // Mono aborts background threads at shutdown. Letting the
                // abort unwind through the native frames below would corrupt
                // the Go runtime's stack, so cancel it here and stop running
                // handlers; the dispatcher loop then ends by itself.
                if (s != null) Volatile.Write(ref s.stopDispatch, 1);
                try
                {
                    Thread.ResetAbort();
                }
                catch
                {
                }
                return 1;
            }
            try
            {
                smscErrorEvent h = s != null ? s.onError : null;
                if (h != null)
                {
                    h(s, new smscErrorEventArgs { EventName = eventName, Exception = ex });
                    return 1;
                }
            }
            catch (Exception ex2)
            {
                ex = new AggregateException(ex, ex2);
            }
            try
            {
                Console.Error.WriteLine("smscs: " + eventName + " handler threw: " + ex);
            }
            catch
            {
            }
            return 1;
        }

        // ------------------------------------------ events on the host's thread

        /// <summary>
        /// Raise every event on the thread of this object (a WinForms Control,
        /// say), as System.Timers.Timer and FileSystemWatcher do; null (the
        /// default) raises them on the dispatcher thread. When
        /// InvokeRequired is false the handler runs at once on the dispatcher
        /// thread. Takes precedence over SynchronizationContext.
        ///
        /// Each handler call is handed over with BeginInvoke and the dispatcher
        /// waits until it has run: as synchronous as Invoke, so events keep
        /// their order and a request whose handler throws still gets the
        /// library's default answer, but a wait Dispose can end. Invoke
        /// itself could not be ended, and Dispose on the host's thread would
        /// then wait for the dispatcher while the dispatcher waits for the
        /// host's thread. A handler that throws is reported through OnError on
        /// the host's thread; when BeginInvoke itself throws (the control has
        /// no window handle any more), OnError is raised on the dispatcher
        /// thread and the library answers with its default.
        /// </summary>
        public ISynchronizeInvoke SynchronizingObject
        {
            get { return Volatile.Read(ref synchronizingObject); }
            set { Volatile.Write(ref synchronizingObject, value); }
        }

        /// <summary>
        /// Raise every event through this context: set it to
        /// SynchronizationContext.Current on a WinForms or WPF UI thread and
        /// the handlers run on that thread. null (the default) raises them on
        /// the dispatcher thread. SynchronizingObject, when set, is used instead.
        /// The dispatcher Posts each handler call and waits until it has run,
        /// which works as Send does (order kept, a failed request handler gets
        /// the library's default answer), except that Dispose can end the wait;
        /// see SynchronizingObject.
        /// </summary>
        public System.Threading.SynchronizationContext SynchronizationContext
        {
            get { return Volatile.Read(ref synchronizationContext); }
            set { Volatile.Write(ref synchronizationContext, value); }
        }

        /// <summary>True when events go through SynchronizingObject or
        /// SynchronizationContext (the bridges' fast check).</summary>
        internal bool RaisesOnHost
        {
            get { return Volatile.Read(ref synchronizingObject) != null || Volatile.Read(ref synchronizationContext) != null; }
        }

        /// <summary>
        /// Runs handler(this, e) on the host's thread and returns the bridge's
        /// result: 0 handled, 1 for the library's default answer. Called on the
        /// dispatcher thread, inside the native callback.
        ///
        /// The wait for the host's thread ends when the call has run, or when
        /// Dispose (or process exit) releases it: a call still queued is then
        /// dropped (its handler never runs; the library answers with its
        /// default), and one already running is left to finish on its own when
        /// Dispose was called from inside it (the host's thread cannot finish
        /// the handler while it waits in Dispose). Dispose from any other
        /// thread waits for a running handler, as without a host thread.
        /// </summary>
        internal int RaiseOnHost<T>(string eventName, Action<object, T> handler, T e) where T : EventArgs
        {
            ISynchronizeInvoke so = SynchronizingObject;
            System.Threading.SynchronizationContext sc = so == null ? SynchronizationContext : null;
            if ((so == null && sc == null) || (so != null && !so.InvokeRequired))
            {
                handler(this, e);
                return 0;
            }
            HostCall call = new HostCall(this, eventName, () => handler(this, e));
            lock (hostLock)
            {
                if (hostReleased) return 1;
            }
            if (so != null) so.BeginInvoke(new Action(call.Run), null);
            else sc.Post(HostCall.RunPosted, call);
            lock (hostLock)
            {
                for (;;)
                {
                    if (call.State == HostCall.Done) return call.Result;
                    if (hostReleased)
                    {
                        if (call.State == HostCall.Queued)
                        {
                            call.State = HostCall.Dropped;
                            return 1;
                        }
                        if (hostReleaser == null || hostReleaser == call.Runner) return 0;
                    }
                    Monitor.Wait(hostLock);
                }
            }
        }

        /// <summary>Ends every wait of RaiseOnHost and stops new ones: by is
        /// the thread calling Dispose, null at process exit (then a running
        /// handler is not waited for either).</summary>
        void ReleaseHost(Thread by)
        {
            lock (hostLock)
            {
                hostReleased = true;
                hostReleaser = by;
                Monitor.PulseAll(hostLock);
            }
        }

        /// <summary>One handler call handed to the host's thread. Its state
        /// changes under the owner's hostLock.</summary>
        sealed class HostCall
        {
            internal const int Queued = 0, Running = 1, Done = 2, Dropped = 3;

            internal static readonly SendOrPostCallback RunPosted = o => ((HostCall)o).Run();

            readonly SMSCserverBase owner;
            readonly string eventName;
            readonly Action body;
            internal int State;
            internal int Result = 1;
            internal Thread Runner;

            internal HostCall(SMSCserverBase owner, string eventName, Action body)
            {
                this.owner = owner;
                this.eventName = eventName;
                this.body = body;
            }

            /// <summary>On the host's thread. Catches what the handler throws,
            /// so that nothing reaches the host's message loop.</summary>
            internal void Run()
            {
                lock (owner.hostLock)
                {
                    if (State != Queued) return; // dropped by Dispose
                    State = Running;
                    Runner = Thread.CurrentThread;
                }
                int rc = 1;
                try
                {
                    body();
                    rc = 0;
                }
                catch (ThreadAbortException)
                {
                    throw; // the host's thread is being torn down: not ours to cancel
                }
                catch (Exception ex)
                {
                    rc = Fail(owner, eventName, ex);
                }
                finally
                {
                    lock (owner.hostLock)
                    {
                        Result = rc;
                        State = Done;
                        Monitor.PulseAll(owner.hostLock);
                    }
                }
            }
        }

        // ------------------------------------------------- dispatcher thread

        /// <summary>True on the thread that pumps this object's events. Handlers
        /// run on it unless SynchronizingObject or SynchronizationContext
        /// sends them to another thread.</summary>
        public bool IsDispatcherThread
        {
            get { return Thread.CurrentThread == dispatcher; }
        }

        void DispatchLoop()
        {
            int failures = 0;
            while (Volatile.Read(ref s_exiting) == 0 && Volatile.Read(ref stopDispatch) == 0)
            {
                int n = Native.smscDispatchEvents(handle, DispatchTimeoutMs, DispatchBatch);
                if (n >= 0)
                {
                    failures = 0;
                    continue;
                }
                if (n == smscError.SMSC_ERR_SERVER_DESTROYED || n == smscError.SMSC_ERR_INVALID_HANDLE)
                    break;
                // Unexpected (a library bug, reported as SMSC_ERR_INTERNAL): report and back off.
                Fail(this, "smscDispatchEvents", new InvalidOperationException(ErrorText(n)));
                Thread.Sleep(Math.Min(1000, 10 << Math.Min(failures++, 6)));
            }
            // The server is destroyed: no callback can run any more, so the
            // handle native code held as userData can go.
            if (Volatile.Read(ref disposeState) != 0) FreeSelf();
        }

        void FreeSelf()
        {
            if (Interlocked.Exchange(ref selfFreed, 1) == 0)
            {
                self.Free();
                Marshal.FreeHGlobal(userData);
            }
        }

        // ----------------------------------------------------------- dispose

        /// <summary>Stops listening, closes every connection and frees the
        /// native server; waits (up to 10 s) for a running handler to return.
        /// May be called from inside a handler. Methods called afterwards return
        /// SMSC_ERR_INVALID_HANDLE; properties throw ObjectDisposedException.
        /// With SynchronizingObject or SynchronizationContext set it never waits
        /// for the host's thread: a handler call still queued there is dropped,
        /// so Dispose on that thread (a form closing) returns at once.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>True once Dispose has started.</summary>
        public bool IsDisposed
        {
            get { return Volatile.Read(ref disposeState) != 0; }
        }

        protected virtual void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref disposeState, 1) != 0) return;
            if (disposing) AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            if (!disposing && Environment.HasShutdownStarted)
                return; // process exit: the OS closes the sockets; do not wait on threads being torn down
            // Before the destroy, which waits for a running callback: the
            // dispatcher may be inside one, waiting for this very thread.
            ReleaseHost(Thread.CurrentThread);
            // From inside a handler this returns at once (the library knows the
            // thread is in a callback); elsewhere it waits for a running
            // handler. Either way no callback starts after it, and the blocked
            // or next smscDispatchEvents returns SMSC_ERR_SERVER_DESTROYED.
            Native.smscDestroyServer(handle);
            if (dispatcher == null || Thread.CurrentThread == dispatcher)
                return; // the loop frees the GCHandle on its way out
            if (dispatcher.Join(TimeSpan.FromSeconds(15)))
                FreeSelf();
            // else: a handler is stuck; keep the GCHandle (a leak, not a crash).
        }
    }
}
