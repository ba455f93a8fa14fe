// Assembly attributes, written by hand so that mcs and the SDK (with
// GenerateAssemblyInfo false) build the same assembly.
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("SmscServer")]
[assembly: AssemblyDescription(".NET binding of libsmscserver: SMSC server classes (namespace smscs) over P/Invoke")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
[assembly: AssemblyInformationalVersion("1.0.0")]
// The tests check the native struct layouts and time conversions.
[assembly: InternalsVisibleTo("SmscServerTests")]
