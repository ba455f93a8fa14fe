package main

// What a field's Go type means in each binding. The C header only says
// "int32_t"; package core says whether that is an encoding, a bind mode or
// a flag set, and the bindings show it as their enum types. A Go type
// missing here stops the generator with the name of this file.

// goInts are the plain Go integer types of event fields.
var goInts = map[string]bool{
	"int32": true, "uint32": true, "uint8": true, "uint16": true, "int64": true, "int": true, "uint": true,
}

// enumType is a Go enum type and its counterpart in each binding.
type enumType struct {
	Enum      string // the header's enum name, also the Python and .NET type
	PyConvert string // Python function turning the C int into the enum
	PyOpen    bool   // values outside the enum stay plain ints in Python
}

var enumTypes = map[string]enumType{
	"sms.Encoding":     {Enum: "EncodingEnum", PyConvert: "_encoding", PyOpen: true},
	"sms.SubmitOption": {Enum: "SubmitOptionEnum", PyConvert: "_options"},
	"BindMode":         {Enum: "smppBindModeEnum", PyConvert: "_bind_mode", PyOpen: true},
}

// cTypes maps the C types of event fields and parameters to the bindings.
type cTypeInfo struct {
	Go       string // cgo type for the copy code: C.<Go>
	Py       string // ctypes type in Structure fields and prototypes
	CSField  string // C# field of a blittable struct
	CSParam  string // C# parameter type of a [DllImport]
	CSPublic string // C# property type of an event-argument class
}

var cTypes = map[string]cTypeInfo{
	"int":                {Py: "c_int", CSParam: "int"},
	"int32_t":            {Go: "int32_t", Py: "c_int32", CSField: "int", CSParam: "int", CSPublic: "int"},
	"uint32_t":           {Go: "uint32_t", Py: "c_uint32", CSField: "uint", CSParam: "uint", CSPublic: "uint"},
	"uint16_t":           {Go: "uint16_t", Py: "c_uint16", CSField: "ushort", CSPublic: "ushort"},
	"uint8_t":            {Go: "uint8_t", Py: "c_uint8", CSField: "byte", CSPublic: "byte"},
	"int64_t":            {Go: "int64_t", Py: "c_int64", CSField: "long", CSParam: "long"},
	"uint64_t":           {Go: "uint64_t", Py: "c_uint64", CSField: "ulong"},
	"size_t":             {Go: "size_t", Py: "c_size_t", CSField: "UIntPtr", CSParam: "UIntPtr"},
	"const char *":       {Py: "c_char_p", CSField: "byte*", CSParam: "byte[]"},
	"const uint32_t *":   {Py: "POINTER(c_uint32)", CSField: "uint*"},
	"const int64_t *":    {Py: "POINTER(c_int64)", CSField: "long*"},
	"uint32_t *":         {Py: "POINTER(c_uint32)", CSParam: "uint*"},
	"size_t *":           {Py: "POINTER(c_size_t)", CSParam: "UIntPtr*"},
	"SMSCserver *":       {Py: "_H", CSParam: "IntPtr"},
	"void *":             {Py: "c_void_p", CSParam: "IntPtr"},
	"void":               {},
	"const char * (ret)": {Py: "c_char_p", CSParam: "IntPtr"},
}

// .NET keeps the reference component's declarations where they differ
// from what the C types would give, so that ported code compiles
// unchanged: its trace events are "...TraceProtocolCallback" with
// "...TraceProtocolCallbackArgs" with int Operation and OperationType (an
// SMPP command_id of 0x80000000 and up, a response, reads as a negative
// int), and the UCP and CIMD2 delegates name their first parameter Sender.
var dotnetClassNames = map[string]string{
	"smppTraceProtocolEventArgs":  "smppTraceProtocolCallbackArgs",
	"ucpTraceProtocolEventArgs":   "ucpTraceProtocolCallbackArgs",
	"cimd2TraceProtocolEventArgs": "cimd2TraceProtocolCallbackArgs",
}

var dotnetDelegateNames = map[string]string{
	"OnSmppTraceProtocol":  "smppTraceProtocolCallback",
	"OnUcpTraceProtocol":   "ucpTraceProtocolCallback",
	"OnCimd2TraceProtocol": "cimd2TraceProtocolCallback",
}

var dotnetSenderNames = map[string]string{
	"OnUcpTraceProtocol":   "Sender",
	"OnCimd2TraceProtocol": "Sender",
}

var dotnetFieldTypes = map[string]string{
	"smppTraceProtocolEventArgs.Operation":      "int",
	"smppTraceProtocolEventArgs.OperationType":  "int",
	"ucpTraceProtocolEventArgs.Operation":       "int",
	"ucpTraceProtocolEventArgs.OperationType":   "int",
	"cimd2TraceProtocolEventArgs.Operation":     "int",
	"cimd2TraceProtocolEventArgs.OperationType": "int",
}

// The reference declares its Options parameters and event fields as
// "SubmitOption" and lists the flags as members of "SubmitOptionEnum". .NET
// keeps the enum and adds a struct of the other name that converts to and
// from it (bindings/dotnet/SmscServer/SubmitOption.cs); the generator gives
// the struct one static field per flag, so that SubmitOption.soZeroSMS
// compiles too and no flag is missing from it.
var dotnetFlagSetNames = map[string]string{
	"SubmitOptionEnum": "SubmitOption",
}
