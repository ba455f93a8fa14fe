// A separate module so that `go vet ./...` and `go build ./...` of the
// library do not include the Python benchmark's load client.
module github.com/smscserver/libsmscserver/bindings/python/bench/loadclient

go 1.24
