// Namespace smscs: the types every protocol class shares (encodings, submit
// options, TCP events, error codes) and SMSCserverBase, which owns the native
// server handle, the dispatcher thread and Dispose.
using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace smscs
{
    /// <summary>How message Content is encoded (values fixed by the C header).</summary>
    public enum EncodingEnum
    {
        /// <summary>GSM 03.38 default alphabet with the extension table.</summary>
        et7BitText = 0,
        /// <summary>Binary; Content is hex, two digits per octet.</summary>
        et8BitHexadecimal = 1,
        /// <summary>UCS-2 / UTF-16BE; surrogate pairs are kept together.</summary>
        etUCS2Text = 2,
        etISO88591 = 3,
        etISO88595 = 4,
        etISO88598 = 5,
        /// <summary>Binary (hex Content) with DCS 0xF5.</summary>
        etWAPPushOrMMS = 6
    }

    /// <summary>Message options; combine with |.</summary>
    [Flags]
    public enum SubmitOptionEnum : uint
    {
        soRequestStatusReport = 0x0001,
        /// <summary>Flash SMS.</summary>
        soDirectDisplay = 0x0002,
        soDeliveryTimeRelative = 0x0004,
        soDeliveryTimeAbsolute = 0x0008,
        soValidityPeriodRelative = 0x0010,
        soValidityPeriodAbsolute = 0x0020,
        soMessageClass0 = 0x0040,
        soMessageClass1 = 0x0080,
        soMessageClass2 = 0x0100,
        soMessageClass3 = 0x0200,
        soZeroSMS = 0x0400
    }

    /// <summary>Return codes of every method: 0 success, negative = one of
    /// these, positive = an OS network error number (errno).
    /// <see cref="SMSCserverBase.ErrorText"/> gives the text of any code.</summary>
    public static class smscError
    {
        public const int SMSC_OK = 0;
        public const int SMSC_ERR_INVALID_HANDLE = -1;
        public const int SMSC_ERR_NOT_INITIALIZED = -2;
        public const int SMSC_ERR_ALREADY_INITIALIZED = -3;
        public const int SMSC_ERR_UNKNOWN_CLIENT = -4;
        public const int SMSC_ERR_INVALID_ARGUMENT = -5;
        public const int SMSC_ERR_ENCODING_FAILED = -6;
        public const int SMSC_ERR_CONTENT_TOO_LONG = -7;
        public const int SMSC_ERR_WRONG_STATE = -8;
        public const int SMSC_ERR_BUFFER_TOO_SMALL = -9;
        public const int SMSC_ERR_NOT_PENDING = -10;
        public const int SMSC_ERR_SEND_QUEUE_FULL = -11;
        public const int SMSC_ERR_CONNECTION_CLOSED = -12;
        public const int SMSC_ERR_INTERNAL = -13;
        public const int SMSC_ERR_SERVER_DESTROYED = -14;
        public const int SMSC_ERR_TIMEOUT = -15;
        public const int SMSC_ERR_UNSUPPORTED = -16;
    }

    /// <summary>OnTcpConnected: accept with tcpAcceptConnection or reject with
    /// tcpCloseConnection. With no handler, connections are accepted.</summary>
    public delegate void tcpConnectedEvent(object sender, tcpConnectedEventArgs e);

    public class tcpConnectedEventArgs : EventArgs
    {
        /// <summary>Identifies the connection in every call and event.</summary>
        public int ClientID { get; internal set; }
        /// <summary>"127.0.0.1", "::1", ...</summary>
        public string RemoteHost { get; internal set; }
        public int RemotePort { get; internal set; }
    }

    /// <summary>OnTcpDisconnected: the last event of a connection.</summary>
    public delegate void tcpDisconnectedEvent(object sender, tcpDisconnectedEventArgs e);

    public class tcpDisconnectedEventArgs : EventArgs
    {
        public int ClientID { get; internal set; }
        /// <summary>0 closed by the peer, -1 by the library or the host, &gt;0 errno.</summary>
        public int Reason { get; internal set; }
        /// <summary>Why, in words (beyond the reference).</summary>
        public string ReasonText { get; internal set; }
    }

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
    /// (smscDispatchEvents); no library thread ever runs managed code. Events
    /// of one connection arrive in order; a slow handler delays all events
    /// of this object, and when the queue (4096 events) is full the library
    /// stops reading the sockets. Handlers may call any method, including
    /// Dispose.
    ///
    /// Lifetime: the object stays alive until Dispose (its thread holds it),
    /// like a listening socket. Dispose closes every connection; not calling
    /// it is safe for process exit (the thread is a background thread).
    /// </summary>
    public abstract class SMSCserverBase : IDisposable
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

        internal SMSCserverBase(IntPtr nativeHandle, string protocol)
        {
            if (nativeHandle == IntPtr.Zero)
                throw new OutOfMemoryException("smscs: the library could not create a " + protocol + " server");
            handle = nativeHandle;
            int rc = Native.smscSetDispatchMode(handle, 1); // SMSC_DISPATCH_PUMPED, before InitializeServer
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

        /// <summary>Messages per second sent to one client (0 = unlimited). The
        /// Send methods wait for their slot, on the calling thread.</summary>
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

        tcpConnectedEvent onTcpConnected;
        tcpDisconnectedEvent onTcpDisconnected;
        smscErrorEvent onError;

        /// <summary>A client connected on TCP level: call tcpAcceptConnection or
        /// tcpCloseConnection (a connection neither accepted nor closed within
        /// accept-timeout is closed). With no handler, connections are accepted.</summary>
        public event tcpConnectedEvent OnTcpConnected
        {
            add { AddHandler(ref onTcpConnected, value, Native.smscSetOnTcpConnected, s_tcpConnected); }
            remove { RemoveHandler(ref onTcpConnected, value, Native.smscSetOnTcpConnected); }
        }

        public event tcpDisconnectedEvent OnTcpDisconnected
        {
            add { AddHandler(ref onTcpDisconnected, value, Native.smscSetOnTcpDisconnected, s_tcpDisconnected); }
            remove { RemoveHandler(ref onTcpDisconnected, value, Native.smscSetOnTcpDisconnected); }
        }

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

        static readonly NativeEventCallback s_tcpConnected = TcpConnectedBridge;
        static readonly NativeEventCallback s_tcpDisconnected = TcpDisconnectedBridge;

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int TcpConnectedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverBase s = null;
            try
            {
                s = Target(ud);
                if (s == null) return 1;
                tcpConnectedEvent h = s.onTcpConnected;
                if (h == null) return 1;
                NTcpConnected* n = (NTcpConnected*)p;
                h(s, new tcpConnectedEventArgs { ClientID = n->ClientID, RemoteHost = Native.S(n->RemoteHost), RemotePort = n->RemotePort });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnTcpConnected", ex);
            }
        }

        [MonoPInvokeCallback(typeof(NativeEventCallback))]
        static unsafe int TcpDisconnectedBridge(IntPtr ud, IntPtr p)
        {
            SMSCserverBase s = null;
            try
            {
                s = Target(ud);
                if (s == null) return 1;
                tcpDisconnectedEvent h = s.onTcpDisconnected;
                if (h == null) return 1;
                NTcpDisconnected* n = (NTcpDisconnected*)p;
                h(s, new tcpDisconnectedEventArgs { ClientID = n->ClientID, Reason = n->Reason, ReasonText = Native.S(n->ReasonText) });
                return 0;
            }
            catch (Exception ex)
            {
                return Fail(s, "OnTcpDisconnected", ex);
            }
        }

        // ------------------------------------------------- dispatcher thread

        /// <summary>True on the thread that raises this object's events.</summary>
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
        /// SMSC_ERR_INVALID_HANDLE; properties throw ObjectDisposedException.</summary>
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
