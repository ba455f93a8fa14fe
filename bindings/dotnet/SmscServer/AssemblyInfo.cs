// Assembly attributes, written by hand so that mcs and the SDK (with
// GenerateAssemblyInfo false) build the same assembly. The version
// attributes are generated from the header's version (Version.g.cs).
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("SmscServer")]
[assembly: AssemblyDescription(".NET binding of libsmscserver: SMSC server classes (namespace smscs) over P/Invoke")]
// The tests check the native struct layouts and time conversions.
[assembly: InternalsVisibleTo("SmscServerTests")]
