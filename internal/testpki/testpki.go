// Package testpki makes certificates at run time for what tests and
// benchmarks TLS: a CA and leaves it signs, ECDSA P-256, valid a day, so
// that no key is ever checked in. The core's TLS tests, the interop test
// SMSC and the benchmark's host and load client share it.
package testpki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"time"
)

// CA is a certificate authority made for one run.
type CA struct {
	Cert *x509.Certificate
	Key  *ecdsa.PrivateKey
	DER  []byte
}

// NewCA makes a CA named subject.
func NewCA(subject pkix.Name) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               subject,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key, DER: der}, nil
}

// Pool is a pool holding only this CA, for a client that trusts it.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// WriteCert writes the CA's certificate as PEM.
func (ca *CA) WriteCert(path string) error { return WritePEM(path, "CERTIFICATE", ca.DER) }

// Leaf is a certificate the CA signed and its key.
type Leaf struct {
	DER []byte
	Key *ecdsa.PrivateKey
}

// Issue signs a leaf: a server's for 127.0.0.1, ::1 and localhost, or
// (client) a client's.
func (ca *CA) Issue(serial int64, subject pkix.Name, client bool) (Leaf, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Leaf{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      subject,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	if client {
		tmpl.ExtKeyUsage, tmpl.DNSNames, tmpl.IPAddresses = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, nil, nil
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		return Leaf{}, err
	}
	return Leaf{DER: der, Key: key}, nil
}

// TLSCertificate is the leaf for a tls.Config.
func (l Leaf) TLSCertificate() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{l.DER}, PrivateKey: l.Key}
}

// Write writes the certificate and its key (PKCS #8) as PEM files.
func (l Leaf) Write(certFile, keyFile string) error {
	kd, err := x509.MarshalPKCS8PrivateKey(l.Key)
	if err != nil {
		return err
	}
	if err := WritePEM(keyFile, "PRIVATE KEY", kd); err != nil {
		return err
	}
	return WritePEM(certFile, "CERTIFICATE", l.DER)
}

// WritePEM writes der as one PEM block of type typ, readable by the owner.
func WritePEM(path, typ string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
}
