# SynapticRL: `make demo` runs the main job, `make test` runs the tests. Both install what is missing first.
SHELL := /bin/bash
APT_PACKAGES := libopenblas-dev liblapacke-dev pkg-config zlib1g-dev libpng-dev libarchive-dev dataset-fashion-mnist \
	libopenmpi-dev openmpi-bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release code for AVX2+FMA CPUs (every Ryzen/EPYC, Intel since Haswell); swiftc 6.3 rejects x86-64-v3.
NATIVE_FLAGS := -Xswiftc -target-cpu -Xswiftc haswell
NATIVE_BUILD := .build-haswell
SYNRL := $(NATIVE_BUILD)/release/synrl
DEMO_DIR := runs/demo

.PHONY: help deps build demo reproduce compare evaluate-policies peer-sweep evolve bench figures figures-env golden docs example test check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## Install the Debian packages the build needs (apt-get update first, only if something is missing)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps ## Release build of synrl for AVX2+FMA
	swift build -c release --scratch-path $(NATIVE_BUILD) $(NATIVE_FLAGS) --product synrl

# The demo's three runs, one controlled comparison: boundary 2 with boundary 1's policy against boundary 2 learned
# from zeros (same boundary, same initial weights, so the same initial loss). --overwrite: a re-run replaces them.
DEMO_LEARNED := $(DEMO_DIR)/boundary-1-learned
DEMO_APPLIED := $(DEMO_DIR)/boundary-2-policy-of-1
DEMO_CONTROL := $(DEMO_DIR)/boundary-2-learned
DEMO_BOUNDARY := $(SYNRL) boundary --iterations 10000 --overwrite --progress-every 1000
demo: ## Learn a policy on a random 2-D boundary, apply it to a new one, learn that one from zeros; compare, draw
	@echo "make demo: building synrl (release, AVX2+FMA; a first build takes about 4 minutes on 2 cores, later ones seconds)"
	@$(MAKE) --no-print-directory build figures-env
	@echo; echo "1/3: boundary 1 (seed 1), its table learned from zeros (adaptive) -> $(DEMO_LEARNED)"
	@$(DEMO_BOUNDARY) --seed 1 --out $(DEMO_LEARNED)
	@echo; echo "2/3: boundary 2 (seed 2), boundary 1's exported table applied frozen (static) -> $(DEMO_APPLIED)"
	@$(DEMO_BOUNDARY) --seed 2 --policy $(DEMO_LEARNED)/policy.json --out $(DEMO_APPLIED)
	@echo; echo "3/3: boundary 2 (seed 2) again, its table learned from zeros (adaptive): the control -> $(DEMO_CONTROL)"
	@$(DEMO_BOUNDARY) --seed 2 --out $(DEMO_CONTROL)
	@echo; echo "comparison (accuracy on the 2000 training points; a 2-100-1 tanh network from U(-0.5, 0.5) weights):"
	@$(VENV)/bin/python scripts/boundary-comparison.py "$(DEMO_LEARNED)=boundary 1, learned from zeros" \
		"$(DEMO_APPLIED)=boundary 2, policy of boundary 1" "$(DEMO_CONTROL)=boundary 2, learned from zeros"
	@echo; echo "figures:"
	@$(PLOT) $(DEMO_LEARNED) $(DEMO_APPLIED) $(DEMO_CONTROL) --out $(DEMO_DIR)/figures \
		--labels "boundary 1 learned" "boundary 2 with policy of 1" "boundary 2 learned" >/dev/null
	@ls -1 $(DEMO_DIR)/figures/*.png

# The golden trajectories were recorded with OpenBLAS's Haswell sgemm: pinned on every AVX2 machine, as OpenBLAS
# would otherwise pick its kernel by CPU (Tests/SynapticRLTests/GoldenTrajectoryTests.swift).
BLAS_CORE := $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell)

# Serial: one test varies OpenBLAS's process-wide thread count, which must not change under another's GEMM.
# One thread for our kernels (OpenBLAS always runs on one: Kernels/BLAS.swift), so ratios measure kernels, not the scheduler.
bench: deps ## Benchmarks (package-benchmark, Benchmarks/): BLAS vs plain loops, sweep vs twin, TD, loss, iteration
	cd Benchmarks && swift package $(NATIVE_FLAGS) --disable-sandbox benchmark $(BENCH_ARGS)

# synrl compare (issue 15): the README's Table 1 is `make compare` with these defaults (and HIDDEN=32 for its
# second half); the peers' defaults came from `make peer-sweep` on a split of the training images.
HIDDEN ?= 0
COMPARE_OUT ?= runs/compare-$(HIDDEN)hu
COMPARE_ARGS ?= --test-split --seeds 3 --budget 1e7,1e8,1e9 --scale 0.1
compare: build figures-env ## Synaptic RL vs its peers at equal budgets (COMPARE_ARGS, HIDDEN) into COMPARE_OUT, with its figure
	$(SYNRL) compare --hidden $(HIDDEN) $(COMPARE_ARGS) --out $(COMPARE_OUT)
	$(PLOT) $(COMPARE_OUT)
# synrl evaluate-policies (docs/policy-evaluation.md): the authors' table and each POLICIES entry (NAME=FILE, space
# separated) applied frozen to held-out tasks; EVALUATE_ARGS adds flags (--resume continues EVALUATE_OUT).
POLICIES ?=
EVALUATE_OUT ?= runs/evaluate-policies
EVALUATE_ARGS ?=
evaluate-policies: build figures-env ## Policies on held-out tasks: make evaluate-policies POLICIES="evolved=FILE adaptive=FILE" [EVALUATE_ARGS=…] into EVALUATE_OUT, with its figure
	$(SYNRL) evaluate-policies $(foreach policy,$(POLICIES),--policy $(policy)) $(EVALUATE_ARGS) --out $(EVALUATE_OUT)
	$(PLOT) $(EVALUATE_OUT)
SWEEP_OUT ?= runs/peer-sweep
peer-sweep: build ## The hyper-parameter sweep behind compare's defaults (scripts/peer-sweep.py, SWEEP_ARGS) into SWEEP_OUT
	python3 scripts/peer-sweep.py $(SWEEP_OUT) $(SWEEP_ARGS)

EVOLVE_OUT ?= runs/evolve
EVOLVE_ARGS ?= --generations 360 --boundaries 4 --boundary-iterations 1000 --threads 2
evolve: build figures-env ## Search the static table that trains best (synrl evolve, EVOLVE_ARGS; under an hour) into EVOLVE_OUT, with its figures
	$(SYNRL) evolve $(EVOLVE_ARGS) --out $(EVOLVE_OUT)
	$(PLOT) $(EVOLVE_OUT)

REPRODUCE_SCALE ?= 0.02
reproduce: build ## Table 1 on Fashion-MNIST, schedules × REPRODUCE_SCALE (default 0.02: about 10 minutes)
	$(SYNRL) reproduce --iterations-scale $(REPRODUCE_SCALE) --out runs/reproduce

# Figures run in a project-local virtual environment (.venv/, gitignored), never the system Python; the stamp file
# marks a finished install, so a half-made .venv is completed on the next call. Other targets depend on figures-env
# and draw with `$(PLOT) RUN... --out DIR`. Debian's python3 makes no venv without python3-venv: installed then.
VENV := .venv
VENV_STAMP := $(VENV)/.figures-env
FIGURES_PIP := matplotlib numpy
PLOT := $(VENV)/bin/python scripts/plot.py
FIGURES_OUT ?=
LABELS ?=

figures-env: $(VENV_STAMP) ## The virtual environment .venv/ with matplotlib and numpy (made once, then reused)
	@:

$(VENV_STAMP):
	@echo "making $(VENV)/ with $(FIGURES_PIP)"
	@python3 -m venv $(VENV) || { echo "python3 -m venv failed: installing python3-venv, then trying again"; \
		$(MAKE) --no-print-directory deps APT_PACKAGES=python3-venv && rm -rf $(VENV) && python3 -m venv $(VENV); }
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(FIGURES_PIP)
	@touch $@

figures: ## Figures (PNG, SVG) and Table 1 of run folders: make figures RUN="runs/a runs/b" [LABELS="a b"] [FIGURES_OUT=dir]
	@if [ -z "$(RUN)" ]; then echo 'make figures needs RUN="run folder ..." (synrl train / synrl boundary --out)' >&2; exit 2; fi
	@$(MAKE) --no-print-directory figures-env
	$(PLOT) $(RUN) $(if $(LABELS),--labels $(LABELS)) $(if $(FIGURES_OUT),--out $(FIGURES_OUT))

# The DocC catalog is Sources/SynapticRL/SynapticRL.docc; the plugin builds the library (debug) for its symbols.
DOCS := swift package --scratch-path .build-docs generate-documentation --target SynapticRL
DOCS_ARCHIVE := .build-docs/plugins/Swift-DocC/outputs/SynapticRL.doccarchive
docs: deps ## The library's documentation (DocC) into .build-docs/…/SynapticRL.doccarchive, a static site
	$(DOCS)
	@echo "view it: python3 -m http.server -d $(DOCS_ARCHIVE), then open http://localhost:8000/documentation/synapticrl"

# Examples/ is a package of its own (the library by path). Debug: it builds in ~90 s against ~140 s for release,
# and its run is short either way.
EXAMPLES_BUILD := Examples/.build
example: deps ## Build and run Examples/ThreeClusters, a custom experiment on the public API (fails if it does not learn)
	swift build --package-path Examples --scratch-path $(EXAMPLES_BUILD)
	$(EXAMPLES_BUILD)/debug/ThreeClusters $(EXAMPLES_BUILD)/three-clusters

golden: deps ## Re-record the golden trajectories (only for a change that must move them: say why in its commit)
	bash scripts/record-golden.sh

test: deps figures-env ## Build and run the test suite (release, with testing enabled), the MPI part (MPI/) on 1-3 ranks, the hostile-input script, the figures script, the rule-study script, the docs (warnings as errors), the example
	OPENBLAS_CORETYPE=$(BLAS_CORE) swift test -c release -Xswiftc -enable-testing --scratch-path .build-test --no-parallel
	cd MPI && swift build -c release
	bash scripts/mpi-check.sh
	bash scripts/hostile-check.sh
	bash scripts/plot-check.sh
	bash scripts/study-check.sh
	$(DOCS) --warnings-as-errors
	$(MAKE) --no-print-directory example

check: ## The engine acceptance check (5 adaptive + 5 static 2-D runs); skipped where ../shared/checks is absent
	@if [ ! -f ../shared/checks/engine.sh ]; then echo "make check: skipped, no ../shared/checks/engine.sh beside this clone"; exit 0; fi; \
	$(MAKE) --no-print-directory deps && bash ../shared/checks/engine.sh

clean: ## Remove build folders
	rm -rf .build $(NATIVE_BUILD) .build-test .build-docs Benchmarks/.build MPI/.build $(EXAMPLES_BUILD)
