#!/bin/sh
# postinst/postrm of the libsmscserver .deb: refresh the ld.so cache so that
# libsmscserver.so.1 is found in (or forgotten from) /usr/lib/<multiarch>.
set -e
ldconfig
