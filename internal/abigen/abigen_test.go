package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const miniHeader = `/* file comment */

#ifndef X_H
#define X_H
#define SMSCSERVER_ABI_VERSION 3
#define SMSCSERVER_VERSION_MAJOR 2
#define SMSCSERVER_VERSION_MINOR 1
#define SMSCSERVER_VERSION_PATCH 0
#define SMSCSERVER_VERSION "2.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* Colours. */
typedef enum colourEnum {
    cRed  = 0, /* warm */
    cBlue = 0x10
} colourEnum;

typedef struct SMSCserver SMSCserver;

/* Opens a server. */
SMSCserver *xCreateServer(void);
int xSend(SMSCserver *h, int ClientID, const char *Text, uint32_t *Out, size_t Capacity, size_t *Count);

/* A thing happened. */
typedef struct xThingEventArgs {
    int32_t         ClientID;   /* who */
    const char     *Text;
    int64_t         When;
    int32_t         Flag;
    const uint32_t *Numbers;
    const int64_t  *Stamps;
    size_t          PartCount;
} xThingEventArgs;
typedef xThingEventArgs xThingDoneEventArgs;

/* The thing callback. */
typedef int (*xThingEvent)(void *userData, const xThingEventArgs *e);
typedef int (*xThingDoneEvent)(void *userData, const xThingDoneEventArgs *e);
int smscSetOnXThing(SMSCserver *h, xThingEvent cb, void *userData);
int smscSetOnXThingDone(SMSCserver *h, xThingDoneEvent cb, void *userData);

#ifdef __cplusplus
}
#endif
#endif
`

func parseString(t *testing.T, src string) (*Header, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.h")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return ParseHeader(path)
}

func TestParseHeader(t *testing.T) {
	h, err := parseString(t, miniHeader)
	require.NoError(t, err)
	require.Equal(t, `"2.1.0"`, h.Defines["SMSCSERVER_VERSION"])

	require.Len(t, h.Enums, 1)
	require.Equal(t, "Colours.", h.Enums[0].Doc)
	require.Equal(t, []EnumMember{{"cRed", "0", "warm"}, {"cBlue", "0x10", ""}}, h.Enums[0].Members)

	require.Len(t, h.Functions, 4)
	require.Equal(t, &Function{Name: "xCreateServer", Doc: "Opens a server.", Ret: "SMSCserver *"}, h.Functions[0])
	require.Equal(t, []Param{{"h", "SMSCserver *"}, {"ClientID", "int"}, {"Text", "const char *"},
		{"Out", "uint32_t *"}, {"Capacity", "size_t"}, {"Count", "size_t *"}}, h.Functions[1].Params)

	s := h.Struct("xThingDoneEventArgs")
	require.NotNil(t, s, "an alias resolves to its struct")
	require.Equal(t, "xThingEventArgs", s.Name)
	require.Equal(t, "A thing happened.", s.Doc)
	require.Equal(t, &Field{Name: "ClientID", CType: "int32_t", Doc: "who"}, s.Fields[0])
	require.Equal(t, "const uint32_t *", s.Fields[4].CType)

	require.Equal(t, &Callback{Name: "xThingEvent", Doc: "The thing callback.", Arg: "xThingEventArgs"}, h.Callbacks[0])
	require.Equal(t, "", h.Callbacks[1].Doc, "a comment documents only the declaration right after it")
}

// Anything outside the subset the header is written in stops the
// generator with its line, instead of being skipped.
func TestParseHeaderRejects(t *testing.T) {
	for name, src := range map[string]string{
		"line comment":          "// no\nint f(void);\n",
		"union":                 "typedef union u { int a; } u;\n",
		"member comment alone":  "typedef struct s {\n    int32_t a;\n    /* about b */\n    int32_t b;\n} s;\n",
		"callback shape":        "typedef int (*cb)(void *userData, int e);\n",
		"mismatched typedef":    "typedef struct a { int32_t x; } b;\n",
		"array of unknown size": "typedef struct s { uint64_t a[N]; } s;\n",
		"array of arrays":       "typedef struct s { uint64_t a[4][4]; } s;\n",
		"array without length":  "typedef struct s { uint64_t a[]; } s;\n",
	} {
		_, err := parseString(t, src)
		require.Error(t, err, name)
		require.Regexp(t, `h\.h:\d+: `, err.Error(), name)
	}
}

func miniCore(fields ...GoField) *Core {
	return &Core{
		Structs: map[string]*GoStruct{
			"XThingEventArgs":     {Name: "XThingEventArgs", Fields: fields, Embedded: []string{"Reply"}},
			"XThingDoneEventArgs": {Name: "XThingDoneEventArgs", Embedded: []string{"XThingEventArgs"}, Fields: []GoField{{"Numbers", "[]uint32"}, {"Stamps", "[]time.Time"}}},
		},
		Handlers: []*HandlerSet{{Name: "XHandlers", Events: []HandlerEvent{
			{"OnXThing", "XThingEventArgs"}, {"OnXThingDone", "XThingDoneEventArgs"},
		}}},
	}
}

var goodFields = []GoField{{"ClientID", "int32"}, {"Text", "string"}, {"When", "time.Time"}, {"Flag", "bool"}}

func TestModel(t *testing.T) {
	h, err := parseString(t, miniHeader)
	require.NoError(t, err)
	m, err := BuildModel(h, miniCore(goodFields...))
	require.NoError(t, err)
	require.Equal(t, "2.1.0", m.Version.String())
	require.Len(t, m.Events, 2)
	thing, done := m.Events[0], m.Events[1]
	require.True(t, thing.Request, "embeds Reply")
	require.False(t, done.Request, "inherits Reply through another event's type: a report")
	require.Same(t, thing.Struct, done.Struct)
	require.True(t, thing.Struct.Shared())

	kinds := func(e *Event) []FieldKind {
		var k []FieldKind
		for _, b := range e.Fields {
			k = append(k, b.Kind)
		}
		return k
	}
	require.Equal(t, []FieldKind{KindInt, KindString, KindTime, KindBool, KindU32s, KindTimes, KindCount}, kinds(done))
	require.Equal(t, "", thing.Fields[4].GoType, "the Received-style event has no arrays: NULL and a zero count")
	require.Equal(t, "PartCount", done.Fields[5].Count.Name)

	// The generated code names every field on both sides.
	goSrc := emitCapiGo(m)
	require.Contains(t, goSrc, "c.Numbers = a.u32s(e.Numbers)")
	require.Contains(t, goSrc, "c.Stamps = a.millis(e.Stamps, n)")
	require.Contains(t, goSrc, "c.When = toMillis(e.When)")
	require.Contains(t, goSrc, "strs := [...]string{e.Text}")
	py := emitPyArgs(m)
	require.Contains(t, py, "class xThingEventArgs(RequestEventArgs):")
	require.Contains(t, py, "class xThingDoneEventArgs(xThingEventArgs):")
	cs := emitCSNative(m)
	require.Contains(t, cs, "internal static extern int xSend(IntPtr h, int ClientID, byte[] Text, uint* Out, UIntPtr Capacity, UIntPtr* Count);")
}

// A field that does not match package core stops the generator with the
// field's name and what is wrong.
func TestModelRejects(t *testing.T) {
	h, err := parseString(t, miniHeader)
	require.NoError(t, err)
	for want, fields := range map[string][]GoField{
		"field Flag: core.XThingEventArgs has no such field": goodFields[:3],
		"When: C int64_t carries a time":                     {{"ClientID", "int32"}, {"Text", "string"}, {"When", "int64"}, {"Flag", "bool"}},
		"Text: C const char * needs Go string":               {{"ClientID", "int32"}, {"Text", "[]byte"}, {"When", "time.Time"}, {"Flag", "bool"}},
		"ClientID: Go type Colour has no binding type":       {{"ClientID", "Colour"}, {"Text", "string"}, {"When", "time.Time"}, {"Flag", "bool"}},
	} {
		_, err := BuildModel(h, miniCore(fields...))
		require.Error(t, err, want)
		require.Contains(t, err.Error(), want)
	}

	noCount := strings.Replace(miniHeader, "    size_t          PartCount;\n", "", 1)
	h2, err := parseString(t, noCount)
	require.NoError(t, err)
	_, err = BuildModel(h2, miniCore(goodFields...))
	require.ErrorContains(t, err, "array Numbers has no size_t count after it")

	badVersion := strings.Replace(miniHeader, `"2.1.0"`, `"2.1"`, 1)
	h3, err := parseString(t, badVersion)
	require.NoError(t, err)
	_, err = BuildModel(h3, miniCore(goodFields...))
	require.ErrorContains(t, err, `SMSCSERVER_VERSION must be "2.1.0"`)
}

// The real header and package core agree, and every event is covered.
func TestRealHeader(t *testing.T) {
	h, err := ParseHeader("../../include/smscserver.h")
	require.NoError(t, err)
	c, err := ParseCore("../../core")
	require.NoError(t, err)
	m, err := BuildModel(h, c)
	require.NoError(t, err)
	setters := 0
	for _, f := range h.Functions {
		if strings.HasPrefix(f.Name, "smscSetOn") {
			setters++
		}
	}
	require.Equal(t, setters, len(m.Events))
	byName := map[string]*Event{}
	for _, e := range m.Events {
		byName[e.Name] = e
		require.NotEmpty(t, e.Callback.Doc, "%s: every callback is documented in the header", e.Name)
	}
	require.True(t, byName["OnSmppSubmitMessageReceived"].Request)
	require.False(t, byName["OnSmppSubmitMessageCompleted"].Request)
	require.True(t, byName["OnTcpConnected"].Request, "a declined OnTcpConnected accepts the connection")
	require.False(t, byName["OnCimd2LogoutReceived"].Request, "already answered by the library")
	require.Equal(t, []string{"", "SMPP", "UCP", "CIMD2"}, []string{m.Protocols[0].Name, m.Protocols[1].Name, m.Protocols[2].Name, m.Protocols[3].Name})

	// SubmitOption has a field for every flag of SubmitOptionEnum.
	enums := emitCSEnums(m)
	require.Contains(t, enums, "public partial struct SubmitOption")
	for _, e := range h.Enums {
		if e.Name == "SubmitOptionEnum" {
			for _, mem := range e.Members {
				require.Contains(t, enums, "public static readonly SubmitOption "+mem.Name+" = SubmitOptionEnum."+mem.Name+";")
			}
		}
	}

	// The .NET trace args of every protocol carry int Operation and
	// OperationType, as the reference declares them.
	for _, p := range m.Protocols[1:] {
		cs := emitCSEvents(m, p)
		require.Contains(t, cs, "public int Operation { get; internal set; }", p.Name)
		require.Contains(t, cs, "e.OperationType = unchecked((int)n->OperationType);", p.Name)
	}
}

// A struct the library fills for the caller (smscStatistics): arrays sized
// by a macro, mirrored in the model as an OutStruct; a pointer member or a
// struct nothing uses stops the generator.
func TestOutStruct(t *testing.T) {
	const src = "#define N 3\ntypedef struct st {\n    uint32_t Size; /* bytes */\n    uint64_t Counts[N];\n} st;\n" +
		"int xGetSt(SMSCserver *h, st *out);\n"
	h, err := parseString(t, src)
	require.NoError(t, err)
	s := h.Struct("st")
	require.Equal(t, &Field{Name: "Counts", CType: "uint64_t", Len: 3}, s.Fields[1])
	m := &Model{H: h}
	require.True(t, m.filledBy(s))
	require.NoError(t, checkOutStruct(s))
	s.Fields[0].CType = "const char *"
	require.Error(t, checkOutStruct(s))
	s.Fields[0].CType = "int32_t"
	s.Fields[1].CType = "int32_t"
	require.Error(t, checkOutStruct(s), "arrays of uint64_t and uint32_t only")
}
