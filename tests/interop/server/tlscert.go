package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// writeTestPKI makes, at run time, a CA and a server certificate for
// 127.0.0.1 and localhost signed by it (ECDSA P-256, valid one day), so no
// key is ever checked in. It writes tls-ca.pem, tls-cert.pem and
// tls-key.pem into dir, and a client certificate (tls-client-cert.pem,
// tls-client-key.pem, CN=interop-client) for the rows that present one.
// It returns the ExtendedParameters that serve the pair.
func writeTestPKI(dir string) (string, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "interop test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return "", err
	}
	if ca, err = x509.ParseCertificate(caDER); err != nil {
		return "", err
	}
	if err := writePEM(filepath.Join(dir, "tls-ca.pem"), "CERTIFICATE", caDER); err != nil {
		return "", err
	}
	leaf := func(serial int64, cn string, client bool, certFile, keyFile string) error {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial),
			Subject:      pkix.Name{CommonName: cn, Organization: []string{"libsmscserver interop"}},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			DNSNames:     []string{"localhost"},
			IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		}
		if client {
			tmpl.ExtKeyUsage, tmpl.DNSNames, tmpl.IPAddresses = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, nil, nil
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey)
		if err != nil {
			return err
		}
		kd, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			return err
		}
		if err := writePEM(filepath.Join(dir, certFile), "CERTIFICATE", der); err != nil {
			return err
		}
		return writePEM(filepath.Join(dir, keyFile), "PRIVATE KEY", kd)
	}
	if err := leaf(2, "127.0.0.1", false, "tls-cert.pem", "tls-key.pem"); err != nil {
		return "", err
	}
	if err := leaf(3, "interop-client", true, "tls-client-cert.pem", "tls-client-key.pem"); err != nil {
		return "", err
	}
	return "tls-cert=" + filepath.Join(dir, "tls-cert.pem") + ";tls-key=" + filepath.Join(dir, "tls-key.pem"), nil
}

func writePEM(path, typ string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
}
