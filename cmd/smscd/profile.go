package main

import (
	"os"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile to $SMSCD_CPUPROFILE until stop is
// called (a diagnostic for the benchmark; unset = nothing).
func startCPUProfile() (stop func()) {
	path := os.Getenv("SMSCD_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(f) != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
