module github.com/smscserver/libsmscserver

go 1.24.0

require (
	github.com/BurntSushi/toml v1.4.0
	github.com/linxGnu/gosmpp v0.3.1
	github.com/mattn/go-pointer v0.0.1
	github.com/pires/go-proxyproto v0.8.1
	github.com/stretchr/testify v1.10.0
	go.etcd.io/bbolt v1.4.0
	golang.org/x/sys v0.38.0
	golang.org/x/text v0.31.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/orcaman/concurrent-map/v2 v2.0.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	golang.org/x/exp v0.0.0-20240604190554-fc45aab8b7f8 // indirect
)
