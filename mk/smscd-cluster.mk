# smscd's cluster mode on NATS JetStream (cmd/smscd/internal/cluster,
# docs/scale-out.md). Included by the top-level Makefile:
#
#   make test-cluster        the full failover run: 10,000 messages on an
#                            embedded three-server NATS cluster and three
#                            smscd engines, one smscd node and the stream
#                            leader's NATS server killed midway; prints the
#                            counts (acknowledged, lost, duplicates); with
#                            the message across nodes. About 40 s with -race.
#   make bench-cluster-inproc  cluster mode in one process on three embedded
#                            NATS servers (R3): one node's submits/s and p99
#                            (BenchmarkClusterSubmit, 60,000 submits), and
#                            submit-to-delivery across two nodes
#                            (BenchmarkClusterDeliver, 20,000 messages);
#                            3 rounds each, about a minute
#
# `go test ./cmd/smscd/...` (make gotest) runs the same tests with a
# 2,000-message failover run.

CLUSTER_MESSAGES ?= 10000

.PHONY: test-cluster bench-cluster-inproc
test-cluster: toolchain
	@mkdir -p $(BUILD)
	@echo "test-cluster: $(CLUSTER_MESSAGES) messages, log in $(BUILD)/test-cluster.log"
	@SMSCD_CLUSTER_MESSAGES=$(CLUSTER_MESSAGES) $(GO) test -race -count=1 -timeout 5m -v \
		-run 'TestClusterFailover|TestClusterDeliversAcrossNodes' ./cmd/smscd/internal/cluster/ >$(BUILD)/test-cluster.log 2>&1; s=$$?; \
	if [ $$s -eq 0 ]; then grep -E '^(--- |ok )|cluster failover|killed' $(BUILD)/test-cluster.log; \
	else grep -v 'pulling its' $(BUILD)/test-cluster.log | tail -60; fi; exit $$s

bench-cluster-inproc: toolchain
	$(GO) test -run '^$$' -bench BenchmarkClusterSubmit -benchtime 60000x -count 3 ./cmd/smscd/internal/cluster/
	$(GO) test -run '^$$' -bench BenchmarkClusterDeliver -benchtime 20000x -count 3 ./cmd/smscd/internal/cluster/
