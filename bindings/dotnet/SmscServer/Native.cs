// The helpers every wrapper class shares: UTF-8 in and out, Unix
// milliseconds <-> DateTime, arrays of event structs. The P/Invoke
// declarations and the blittable mirrors of the event structs are generated
// from include/smscserver.h into Native.g.cs.
//
// Written for C# 7.2 and netstandard2.0 so that Mono's mcs and the dotnet SDK
// compile the same file: no Marshal.PtrToStringUTF8, no function pointers,
// no NativeLibrary. Strings go in as NUL-terminated UTF-8 byte[] and come out
// of event structs as byte* decoded by hand.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace smscs
{
    /// <summary>The C signature shared by every event callback:
    /// <c>int (*)(void *userData, const Args *e)</c>. Return 0 = handled,
    /// non-zero = "send the library's default answer".</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int NativeEventCallback(IntPtr userData, IntPtr args);

    /// <summary>The signature of every smscSetOn... registration function.</summary>
    internal delegate int NativeSetCallback(IntPtr h, NativeEventCallback cb, IntPtr userData);

    /// <summary>Mono's AOT compilers look for an attribute of this name on
    /// methods that native code calls back; the JIT ignores it.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class MonoPInvokeCallbackAttribute : Attribute
    {
        public MonoPInvokeCallbackAttribute(Type t) { }
    }

    internal static unsafe partial class Native
    {
        // One name for every platform: the runtime adds the platform's
        // prefix and suffix, so Mono and .NET load libsmscserver.so on Linux
        // and smscserver.dll on Windows (the DLL carries no "lib" prefix;
        // mk/windows.mk). The NuGet package ships both under those names in
        // runtimes/<rid>/native/.
        internal const string Lib = "smscserver";
        const CallingConvention CC = CallingConvention.Cdecl;

        // ---- UTF-8

        static readonly byte[] Empty = new byte[] { 0 };

        /// <summary>A string as NUL-terminated UTF-8; null stays null (the
        /// library reads NULL as "").</summary>
        internal static byte[] Z(string s)
        {
            if (s == null) return null;
            if (s.Length == 0) return Empty;
            int n = Encoding.UTF8.GetByteCount(s);
            byte[] b = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>Copies a borrowed NUL-terminated UTF-8 string; NULL reads as "".</summary>
        internal static string S(byte* p)
        {
            if (p == null) return string.Empty;
            byte* q = p;
            while (*q != 0) q++;
            int n = (int)(q - p);
            return n == 0 ? string.Empty : Encoding.UTF8.GetString(p, n);
        }

        internal static string S(IntPtr p) { return S((byte*)p); }

        // ---- arrays of event structs (NULL / 0 = an empty list)

        internal static System.Collections.Generic.List<uint> U32s(uint* p, UIntPtr count)
        {
            int n = p == null ? 0 : (int)count.ToUInt64();
            System.Collections.Generic.List<uint> l = new System.Collections.Generic.List<uint>(n);
            for (int i = 0; i < n; i++) l.Add(p[i]);
            return l;
        }

        internal static System.Collections.Generic.List<DateTime> Times(long* p, UIntPtr count)
        {
            int n = p == null ? 0 : (int)count.ToUInt64();
            System.Collections.Generic.List<DateTime> l = new System.Collections.Generic.List<DateTime>(n);
            for (int i = 0; i < n; i++) l.Add(FromUnixMs(p[i]));
            return l;
        }

        // ---- time: the ABI carries Unix milliseconds UTC, 0 = "not set"

        const long UnixEpochTicks = 621355968000000000L; // 1970-01-01T00:00:00Z

        /// <summary>default(DateTime) / DateTime.MinValue = "not set" (0).
        /// Local and Unspecified times are taken as local time, as DateTime.Now is.</summary>
        internal static long ToUnixMs(DateTime t)
        {
            if (t == DateTime.MinValue) return 0;
            DateTime u = t.Kind == DateTimeKind.Utc ? t : t.ToUniversalTime();
            long ms = (u.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            return ms == 0 ? 1 : ms; // the epoch itself would read as "not set"
        }

        /// <summary>0 = DateTime.MinValue; anything else a local time (Kind Local).</summary>
        internal static DateTime FromUnixMs(long ms)
        {
            if (ms == 0) return DateTime.MinValue;
            return new DateTime(UnixEpochTicks + ms * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc).ToLocalTime();
        }
    }
}
