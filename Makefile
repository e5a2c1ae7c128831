# Backprop: `make lab` to use it, `make test` to check it. Both install what is missing.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
JUPYTER := $(VENV)/bin/jupyter
RELEASE := .build/release/backprop
PORT    ?= 8888
# JupyterLab refuses to run as root unless told; CI and containers are root.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test deps system python torch build kernelspec swift-test python-test bench format clean

## lab: install what is missing, build, install the kernelspec, start JupyterLab on notebooks/
lab: kernelspec
	$(JUPYTER) lab --notebook-dir=notebooks --port=$(PORT) $(LAB_ROOT_FLAG)

## test: the same set-up, then every test (Swift, protocol, language, notebooks, browser)
test: kernelspec swift-test python-test

deps: system python

system:
	@bash scripts/setup-system.sh

python: system
	@bash scripts/setup-python.sh

## torch: PyTorch 2.13 (CPU) from a local wheel only, and peft, into .venv; when torch cannot be
## installed, .venv/.torch-unavailable says why and the torch tests skip (scripts/setup-torch.sh)
torch: python
	@bash scripts/setup-torch.sh

build: system
	swift build -c release

kernelspec: build python
	$(RELEASE) install --prefix $(VENV)

swift-test: system
	swift test

python-test: kernelspec torch
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" BACKPROP=$(CURDIR)/$(RELEASE) $(PYTHON) -m pytest tests -q

## bench: the engine's training benchmark (see benchmarks/ for the reference scripts)
bench: build
	$(RELEASE) bench

format:
	swift format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build build
