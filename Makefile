# Samsa: `make run` starts ZooKeeper (when none answers) and the brokers in config/; `make test`
# runs every spec against a real ZooKeeper; `make faults` runs the fault suite; `make bench`
# runs the benchmark suite and `make bench-compare A=a.json B=b.json` compares two of its runs.
SHELL := /bin/bash
NODE_MODULES_STAMP := node_modules/.package-lock.json

.PHONY: all install build run test bench bench-quick bench-compare faults clean test-deps generate check format

all: build

$(NODE_MODULES_STAMP): package-lock.json
	npm ci --no-audit --no-fund

install: $(NODE_MODULES_STAMP)

build: install
	npx tsc -p tsconfig.json

test-deps:
	@command -v java >/dev/null && [ -f /usr/share/java/zookeeper.jar ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y zookeeper; \
	  else echo "ZooKeeper is missing: run 'sudo apt-get install zookeeper'" >&2; exit 1; fi; }
	@/usr/bin/python3 -c "import kafka" 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-kafka; \
	  else echo "kafka-python is missing: run 'sudo apt-get install python3-kafka'" >&2; exit 1; fi; }
	@command -v kcat >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y kcat; \
	  else echo "kcat is missing: run 'sudo apt-get install kcat'" >&2; exit 1; fi; }
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	  else echo "chromium (the console's browser specs) is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

# Where `make run` keeps the ZooKeeper it starts (when none answers at zookeeper.connect).
ZOOKEEPER_DATA_DIR ?= data/zookeeper

run: build
	node dist/lib/cli/run-local.js --zookeeper-data-dir $(ZOOKEEPER_DATA_DIR) $(CONFIGS)

# Type checking (the build), formatting, and the specs that hold the code's shape: the dependency
# direction, the generated protocol files, and no focused or skipped specs.
FORMATTED := 'lib/**/*.ts' 'spec/**/*.ts' 'bench/**/*.ts' 'types/**/*.ts'
check: build
	npx prettier --check $(FORMATTED)
	npx mocha --no-config --timeout 60000 dist/spec/architecture.spec.js dist/spec/spec-lint.spec.js dist/spec/protocol/generated-apis.spec.js

format: install
	npx prettier --write $(FORMATTED)

test: check test-deps
	npx mocha 'dist/spec/**/*.spec.js'

# The fault suite (spec/faults): every scenario, or SCENARIO=name[,name] alone; `make test` runs a short subset.
faults: build test-deps
	node dist/spec/faults/run.js $(if $(SCENARIO),--scenario $(SCENARIO))

# Renders lib/protocol/apis/*.ts from the API sources in lib/protocol/messages/*.json.
generate: build
	node dist/lib/protocol/codegen/generate-apis.js
	npx tsc -p tsconfig.json

# The benchmark suite (bench/suite.ts): one summary table with issue 13's targets, written as JSON to
# bench/results/<date>-<host>.json (or BENCH_OUT=file). BENCH_QUICK=1: tiny sizes, seconds per case;
# BENCH_BASELINE=file: hold the broker-only figures against an earlier run; BENCH_CASES=a,b: only those.
bench: build test-deps
	node dist/bench/run.js

bench-quick: build test-deps
	BENCH_QUICK=1 node dist/bench/run.js

# Two runs side by side with ratios: make bench-compare A=a.json B=b.json
bench-compare: build
	@[ -n "$(A)" ] && [ -n "$(B)" ] || { echo "usage: make bench-compare A=a.json B=b.json" >&2; exit 2; }
	node dist/bench/compare.js $(A) $(B)

clean:
	rm -rf dist
