package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi"
	"github.com/smscserver/libsmscserver/cmd/smscd/internal/httpapi/internal/memback"
)

// How smscd serves the API: any model.Backend (here the in-memory one),
// optional metrics, and an http.Server of the caller's (httptest here).
func ExampleNew() {
	b := memback.New()
	b.AddAccount("alice", "4670")
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up 1\n") })
	srv := httptest.NewServer(httpapi.New(b, httpapi.Options{Metrics: metrics, Title: "lab SMSC"}))
	defer srv.Close()

	res, err := http.Post(srv.URL+"/api/v1/mo", "application/json",
		strings.NewReader(`{"from":"4600","to":"4670123","text":"hello"}`))
	if err != nil {
		panic(err)
	}
	res.Body.Close()
	fmt.Println(res.Status, res.Header.Get("Location"))

	res, err = http.Get(srv.URL + "/api/v1/messages/nope")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Print(res.Status, " ", string(body))
	// Output:
	// 201 Created /api/v1/messages/00000001
	// 404 Not Found {"error":"no message \"nope\": not found"}
}
