package cimd2

import "bytes"

// Split finds the next chunk at the start of a received byte stream b:
//
//   - n > 0, packet: b[:n] is one packet, STX through ETX;
//   - n > 0, !packet: b[:n] is to be skipped — octets before an STX (data
//     between packets) or a packet cut short by the STX of the next one
//     (ParseHeader may still read its number, to NACK it);
//   - n == 0: more data is needed.
//
// A packet that has started but has no ETX within max octets is ErrTooLong.
// Octets that contain no STX at all are skipped as they arrive, so garbage
// never accumulates.
func Split(b []byte, max int) (n int, packet bool, err error) {
	if len(b) == 0 {
		return 0, false, nil
	}
	if b[0] != STX {
		if i := bytes.IndexByte(b, STX); i >= 0 {
			return i, false, nil
		}
		return len(b), false, nil
	}
	rest := b[1:]
	etx := bytes.IndexByte(rest, ETX)
	limit := len(rest)
	if etx >= 0 {
		limit = etx
	}
	if stx := bytes.IndexByte(rest[:limit], STX); stx >= 0 {
		return stx + 1, false, nil
	}
	if etx >= 0 {
		if etx+2 > max {
			return 0, false, ErrTooLong
		}
		return etx + 2, true, nil
	}
	if len(b) >= max {
		return 0, false, ErrTooLong
	}
	return 0, false, nil
}
