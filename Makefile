# maillab: build, run and test. `make run` and `make test` install the Debian packages they
# need when they are missing (through sudo when not root).

SWIFT ?= swift
BUILD_DEPS := libncursesw5-dev libssl-dev
TEST_DEPS := swaks libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl \
	courier-authlib-userdb sasl2-bin tmux postfix curl openssl python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build run test deps test-deps lint bench clean

all: build

# Installs the packages of $(1) that dpkg does not report as installed.
define install_missing
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEPS))

test-deps: deps
	$(call install_missing,$(TEST_DEPS))

build: deps
	$(SWIFT) build

run: build
	$(SWIFT) run maillab $(ARGS)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

bench: build
	$(SWIFT) build -c release
	./scripts/bench.sh

clean:
	rm -rf .build
