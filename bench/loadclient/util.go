package main

import (
	"bufio"
	"syscall"
)

var bufioErrBufferFull = bufio.ErrBufferFull

type cpuTimes struct{ user, sys float64 }

// rusage is the CPU time this process has used so far.
func rusage() cpuTimes {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return cpuTimes{}
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return cpuTimes{tv(ru.Utime), tv(ru.Stime)}
}
