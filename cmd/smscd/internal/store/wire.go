package store

// Encode is the record's binary form (codec.go), for cluster mode, which
// keeps records in a JetStream key-value bucket instead of this store.
func (r *Record) Encode() []byte { return r.encode(nil) }

// Decode reads a record written by Encode.
func Decode(b []byte) (*Record, error) {
	r := new(Record)
	if err := r.decode(b); err != nil {
		return nil, err
	}
	return r, nil
}
