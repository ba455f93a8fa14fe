package main

import (
	"crypto/x509/pkix"
	"path/filepath"

	"github.com/smscserver/libsmscserver/internal/testpki"
)

// writeTestPKI makes, at run time, a CA and a server certificate for
// 127.0.0.1 and localhost signed by it (internal/testpki), so no key is
// ever checked in. It writes tls-ca.pem, tls-cert.pem and tls-key.pem into
// dir, and a client certificate (tls-client-cert.pem, tls-client-key.pem,
// CN=interop-client) for the rows that present one. It returns the
// ExtendedParameters that serve the pair.
func writeTestPKI(dir string) (string, error) {
	ca, err := testpki.NewCA(pkix.Name{CommonName: "interop test CA"})
	if err != nil {
		return "", err
	}
	if err := ca.WriteCert(filepath.Join(dir, "tls-ca.pem")); err != nil {
		return "", err
	}
	leaf := func(serial int64, cn string, client bool, certFile, keyFile string) error {
		l, err := ca.Issue(serial, pkix.Name{CommonName: cn, Organization: []string{"libsmscserver interop"}}, client)
		if err != nil {
			return err
		}
		return l.Write(filepath.Join(dir, certFile), filepath.Join(dir, keyFile))
	}
	if err := leaf(2, "127.0.0.1", false, "tls-cert.pem", "tls-key.pem"); err != nil {
		return "", err
	}
	if err := leaf(3, "interop-client", true, "tls-client-cert.pem", "tls-client-key.pem"); err != nil {
		return "", err
	}
	return "tls-cert=" + filepath.Join(dir, "tls-cert.pem") + ";tls-key=" + filepath.Join(dir, "tls-key.pem"), nil
}
