// SubmitOption: the reference component names the type of its Options
// parameters and event fields "SubmitOption" and lists the flags as members
// of "SubmitOptionEnum". Code ported from it uses both names, so both exist:
// SubmitOptionEnum stays the [Flags] enum every method takes and every event
// carries, and SubmitOption is a struct that converts to and from it
// implicitly. The static fields SubmitOption.soRequestStatusReport, ... are
// generated from the header with the enum (Enums.g.cs).
//
// A struct rather than a second enum: two enums would not convert into each
// other, so SubmitOption o = e.Options would need a cast. C# has no global
// type alias either (a using alias holds for one file only).
using System;

namespace smscs
{
    /// <summary>
    /// A set of SubmitOptionEnum flags under the reference's name. Converts
    /// implicitly both ways, so a SubmitOption goes wherever Options are
    /// taken, e.Options reads into one, and
    /// <c>SubmitOptionEnum.soRequestStatusReport | SubmitOptionEnum.soMessageClass1</c>
    /// assigns to one. Has |, &amp;, ^, ~, == and != (also against 0, for
    /// <c>(o &amp; SubmitOptionEnum.soDirectDisplay) != 0</c>) and HasFlag.
    /// Unlike the enum it cannot be a const or a case label: switch on
    /// (SubmitOptionEnum)o.
    /// </summary>
    public partial struct SubmitOption : IEquatable<SubmitOption>
    {
        readonly SubmitOptionEnum value;

        public SubmitOption(SubmitOptionEnum value)
        {
            this.value = value;
        }

        /// <summary>The flags as the enum.</summary>
        public SubmitOptionEnum Value
        {
            get { return value; }
        }

        public static implicit operator SubmitOption(SubmitOptionEnum value) { return new SubmitOption(value); }
        public static implicit operator SubmitOptionEnum(SubmitOption o) { return o.value; }
        public static explicit operator uint(SubmitOption o) { return (uint)o.value; }
        public static explicit operator SubmitOption(uint value) { return new SubmitOption((SubmitOptionEnum)value); }

        // Declared on the struct so that a mix of SubmitOption and
        // SubmitOptionEnum operands combines into a SubmitOption.
        public static SubmitOption operator |(SubmitOption a, SubmitOption b) { return new SubmitOption(a.value | b.value); }
        public static SubmitOption operator &(SubmitOption a, SubmitOption b) { return new SubmitOption(a.value & b.value); }
        public static SubmitOption operator ^(SubmitOption a, SubmitOption b) { return new SubmitOption(a.value ^ b.value); }
        public static SubmitOption operator ~(SubmitOption a) { return new SubmitOption(~a.value); }

        public static bool operator ==(SubmitOption a, SubmitOption b) { return a.value == b.value; }
        public static bool operator !=(SubmitOption a, SubmitOption b) { return a.value != b.value; }

        // The enum compares with the literal 0 by a conversion a struct
        // cannot have (the constant 0 to any enum), so 0 gets operators of
        // its own: (o & SubmitOptionEnum.soZeroSMS) != 0 reads as with the enum.
        public static bool operator ==(SubmitOption a, int b) { return (long)(uint)a.value == b; }
        public static bool operator !=(SubmitOption a, int b) { return (long)(uint)a.value != b; }
        public static bool operator ==(int a, SubmitOption b) { return a == (long)(uint)b.value; }
        public static bool operator !=(int a, SubmitOption b) { return a != (long)(uint)b.value; }

        /// <summary>True when every flag of flags is set.</summary>
        public bool HasFlag(SubmitOptionEnum flags)
        {
            return (value & flags) == flags;
        }

        public bool Equals(SubmitOption other)
        {
            return value == other.value;
        }

        public override bool Equals(object obj)
        {
            return obj is SubmitOption && ((SubmitOption)obj).value == value;
        }

        public override int GetHashCode()
        {
            return value.GetHashCode();
        }

        /// <summary>As the enum prints: "soRequestStatusReport, soMessageClass1".</summary>
        public override string ToString()
        {
            return value.ToString();
        }
    }
}
