#!/usr/bin/env bash
# Prints the HAProxy configuration of the sample deployment from the state
# file deploy/up.sh writes (its ports). One TCP frontend per protocol,
# round-robin over the three smscd nodes; a node is taken out when its HTTP
# API stops answering (GET /api/v1/rates every second, out after 2
# failures, back after 1 success). Every connection carries a PROXY protocol
# v2 header so that smscd sees the client's address (deploy/smscd.toml
# turns it on for the three listeners). A fourth frontend reaches node 1
# alone, for make bench-cluster. Stats (CSV at /stats;csv) on their own port.
set -euo pipefail
. "$1"

backend() { # name port-key proxy-option
  echo "backend $1"
  echo "    balance roundrobin"
  echo "    option httpchk GET /api/v1/rates"
  echo "    http-check expect status 200"
  for n in 1 2 3; do
    p="SMSCD${n}_$2" h="SMSCD${n}_HTTP"
    echo "    server smscd$n 127.0.0.1:${!p} $3 check port ${!h} inter 1s fall 2 rise 1"
  done
  echo
}

cat <<CFG
global
    maxconn 8192
    # One line per connection (which client went to which node) in haproxy.log.
    log stdout format raw local0 info

defaults
    log global
    mode tcp
    option tcplog
    timeout connect 5s
    # SMPP, UCP and CIMD2 sessions are long-lived; smscd's keep-alive (30 s)
    # keeps them busy well inside this.
    timeout client 5m
    timeout server 5m

frontend smpp
    bind 127.0.0.1:$HAPROXY_SMPP
    default_backend smpp

frontend ucp
    bind 127.0.0.1:$HAPROXY_UCP
    default_backend ucp

frontend cimd2
    bind 127.0.0.1:$HAPROXY_CIMD2
    default_backend cimd2

frontend smpp_node1
    bind 127.0.0.1:$HAPROXY_SMPP_N1
    default_backend smpp_node1

$(backend smpp SMPP send-proxy-v2)
$(backend ucp UCP send-proxy-v2)
$(backend cimd2 CIMD2 send-proxy-v2)
backend smpp_node1
    option httpchk GET /api/v1/rates
    http-check expect status 200
    server smscd1 127.0.0.1:$SMSCD1_SMPP send-proxy-v2 check port $SMSCD1_HTTP inter 1s fall 2 rise 1

frontend stats
    mode http
    bind 127.0.0.1:$HAPROXY_STATS
    stats enable
    stats uri /stats
    stats refresh 5s
CFG
