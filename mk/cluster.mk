# The sample cluster deployment (deploy/, docs/scale-out.md). Included by
# the top-level Makefile:
#
#   make deploy-up        start it on free loopback ports (deploy/up.sh; state in
#                         build/deploy/run/deploy.env)
#   make deploy-down      stop it
#   make deploy-test      up, real clients through HAProxy (tests/deploy), the short
#                         form of bench-cluster, a node killed, down (always, by a
#                         trap); in cluster mode, then in single mode (DEPLOY_TEST_MODES)
#   make bench-cluster    the load client against one node and against the three
#                         through HAProxy; rewrites docs/benchmarks-cluster.{md,json}
#
# Needs Debian's haproxy (installed as root when missing, as for the interop rows)
# and nats-server, built from the Go module proxy into build/nats at the pinned
# version (the one the proxy serves for Go 1.26).

NATS_SERVER_VERSION := v2.15.2
NATS_SERVER         := $(BUILD)/nats/nats-server
PYTHON              ?= python3
BENCH_CLUSTER_ARGS  ?=

.PHONY: deploy-deps deploy-up deploy-down deploy-test bench-cluster

$(BUILD)/nats/.nats-server-$(NATS_SERVER_VERSION): | toolchain
	GOBIN=$(abspath $(BUILD))/nats $(GO) install github.com/nats-io/nats-server/v2@$(NATS_SERVER_VERSION)
	touch $@

$(NATS_SERVER): $(BUILD)/nats/.nats-server-$(NATS_SERVER_VERSION)

# Debian's haproxy and kannel (the Kannel row of deploy-test), and curl and
# python3-venv the scripts use, installed as root when missing; policy-rc.d keeps their services from starting: the
# deployment and the test run them with configurations of their own.
deploy-deps: $(NATS_SERVER)
	@need=""; [ -x /usr/sbin/haproxy ] || need="haproxy"; [ -x /usr/sbin/bearerbox ] || need="$$need kannel"; \
	command -v curl >/dev/null 2>&1 || need="$$need curl"; \
	$(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1 || need="$$need python3-venv"; \
	[ -z "$$need" ] || { \
	  [ "$$(id -u)" = 0 ] || { echo "deploy: missing Debian packages:$$need; as root: apt-get install$$need" >&2; exit 1; }; \
	  made=0; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made=1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$need; \
	  rc=$$?; [ $$made = 1 ] && rm -f /usr/sbin/policy-rc.d; exit $$rc; }

deploy-up: deploy-deps
	NATS_SERVER=$(abspath $(NATS_SERVER)) GO=$(GO) bash deploy/up.sh

deploy-down:
	bash deploy/down.sh

# Both modes: cluster (JetStream) and single (a store per node, nothing
# shared), each a whole run with its own up and down.
DEPLOY_TEST_MODES ?= cluster single
deploy-test: deploy-deps
	@for m in $(DEPLOY_TEST_MODES); do \
	  echo "==== deploy-test: $$m mode"; \
	  DEPLOY_MODE=$$m NATS_SERVER=$(abspath $(NATS_SERVER)) BUILD=$(BUILD) GO=$(GO) PYTHON=$(PYTHON) \
	    bash tests/deploy/run.sh || exit 1; \
	done

bench-cluster: deploy-deps
	$(GO) build -o $(BUILD)/deploy/loadclient ./bench/loadclient
	NATS_SERVER=$(abspath $(NATS_SERVER)) GO=$(GO) $(PYTHON) bench/cluster/run.py --up \
	  --loadclient $(BUILD)/deploy/loadclient $(BENCH_CLUSTER_ARGS)
