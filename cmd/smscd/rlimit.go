package main

import "golang.org/x/sys/unix"

// raiseFileLimit lifts the soft limit on open files to the hard limit: an
// SMSC holds one socket per client, and the usual soft limit of 1024 would
// refuse connections long before memory or CPU run out.
func raiseFileLimit() (uint64, error) {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	return lim.Cur, nil
}
