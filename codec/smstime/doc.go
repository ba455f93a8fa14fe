// Package smstime reads and writes the schedule/validity time formats of
// SMPP, UCP/EMI and CIMD2 and maps them to the API's So* time flags.
//
// The C API passes times across the C boundary as Unix milliseconds UTC
// (UnixMilli / FromUnixMilli; 0 = not set). A relative time received is
// reported as an absolute one — receive time + duration — with
// SoDeliveryTimeRelative / SoValidityPeriodRelative set, so a host that
// knows the receive time recovers the duration; an absolute one sets the
// Absolute flag. When sending, a time whose Relative flag is set (and not
// its Absolute flag) is sent as relative: duration = time − now, rounded to
// the second.
//
// Formats:
//   - SMPP "YYMMDDhhmmsstnnp" (SMPP 3.4 §7.1.1): absolute with a quarter-hour UTC offset,
//     or relative ('R'). Absolute times are written in UTC ("...t00+") like
//     Kannel; parsed ones come back in UTC.
//   - UCP DDMMYYHHmm (DDT, VP) and DDMMYYhhmmss (SCTS, DSCTS), and CIMD2
//     yyMMddHHmmss: local time of the SMSC without a zone; the caller passes
//     the zone (nil = UTC). UCP has no relative form.
//   - CIMD2 relative codes 0..255 (050 validity, 053 first delivery) use the
//     GSM TP-VP relative table; durations are rounded up to the next code so a
//     message never expires early, capped at 255 (63 weeks).
//
// Two-digit years are 2000..2099. Impossible dates (31 February, hour 24)
// are errors, never normalised into another date.
package smstime
