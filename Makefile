# SPDX-License-Identifier: GPL-2.0
#
# The user's entry point (kbuild reads Kbuild, beside this file).
#
#   make                  build the four modules, the userspace tools and the
#                         toy example programs; the modules for the running
#                         kernel if its headers are installed, else for every
#                         lab kernel (6.1 6.12 7.2 7.3), each in build/<abi>/
#   make KVER=7.3         ... for one lab kernel (a series or a Debian ABI)
#   make KVERS="6.1 7.3"  ... for these lab kernels
#   make KDIR=/path       ... against any kernel build tree
#   make demo             set up, build, boot the lab VM and run the demo
#   make check            set up, build and run every test on the kernel matrix
#   make check-all        every suite on every kernel of the matrix
#   make bench            benchmarks on every lab kernel -> bench/results-<kernel>.md
#                         (make ARCH=arm64 bench: arm64 6.12 -> results-6.12-arm64.md)
#   make soak             the stress suite for 10 minutes on each kernel
#   make check-debug      the VM suite + KUnit + failslab on the debug kernel
#   make install          modules into /lib/modules/<kernel>/updates, tools into
#                         $(PREFIX)/bin (PREFIX=/usr/local); make uninstall
#   make help             everything else
#
# Lab kernels are fetched by scripts/setup.sh into .cache/kernels/ (headers
# and images unpacked, never installed); scripts/kbuild.sh builds each in
# build/<abi>/ (7.x inside a Debian build root) and copies the result made
# last to modules/<name>/<name>.ko. In the lab VM, modules/<name>/<name>.ko
# and `modprobe <name>` are the booted kernel's own build.

SHELL := /bin/bash
REPO := $(CURDIR)
JOBS ?= $(shell nproc)
export JOBS

# make ARCH=arm64: the modules cross-built for Debian's arm64 kernels, the
# tools and test programs cross-built (against the arm64 root of the lab VM,
# .cache/guestroot/arm64) into build/arm64/, which the arm64 lab VM mounts
# over build/bin, build/tests and build/toy.
ifneq ($(filter arm64 aarch64,$(ARCH)),)
export LKM_DEB_ARCH := arm64
endif
HOST_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
ifneq ($(LKM_DEB_ARCH),)
ifneq ($(LKM_DEB_ARCH),$(HOST_ARCH))
GUESTROOT := $(CURDIR)/.cache/guestroot/$(LKM_DEB_ARCH)
CROSS_GCC := $(shell gcc -dumpversion | cut -d. -f1)
USER_ARGS := OUT=$(CURDIR)/build/$(LKM_DEB_ARCH) \
	CC="aarch64-linux-gnu-gcc-$(CROSS_GCC) --sysroot=$(GUESTROOT)" \
	AR=aarch64-linux-gnu-ar
export PKG_CONFIG_SYSROOT_DIR := $(GUESTROOT)
export PKG_CONFIG_LIBDIR := $(GUESTROOT)/usr/lib/aarch64-linux-gnu/pkgconfig:$(GUESTROOT)/usr/share/pkgconfig
endif
endif

LKM_KVERS := $(shell . scripts/lib/common.sh && echo $$LKM_KVERS)
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
ifneq ($(KVER),)
KERNELS := $(KVER)
else ifneq ($(KVERS),)
KERNELS := $(KVERS)
else ifneq ($(KDIR),)
KERNELS := $(KDIR)
else ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
KERNELS := $(RUNNING_KDIR)
else
KERNELS := $(LKM_KVERS)
endif
# The lab kernels among them (names, not build trees) are fetched by setup.
LAB_KERNELS := $(filter-out /%,$(KERNELS))
# W=1 and C=2 pass through to kbuild.
KBUILD_ARGS := $(if $(W),W=$(W)) $(if $(C),C=$(C)) $(if $(V),V=$(V))
KBUILD = scripts/kbuild.sh
# install and uninstall are for the running kernel (or KDIR/KVER).
INSTALL_KERNEL := $(firstword $(KVER) $(KDIR) $(RUNNING_KDIR))
MODULE_NAMES := binfmt_demo pagewalk sched_probe syscall_probe
PREFIX ?= /usr/local

.PHONY: all modules tools examples test-progs test-modules setup setup-build \
	check check-all check-host check-debug lint demo vm bench soak install uninstall \
	clean help

all: modules tools examples

setup-build:
	@scripts/setup.sh build $(if $(LAB_KERNELS),--kernels "$(LAB_KERNELS)")

setup:
	@scripts/setup.sh all

modules: setup-build
	@$(if $(filter $(LKM_KVERS),$(KERNELS)),$(if $(KVER)$(KVERS)$(KDIR),,echo "make: no headers for the \
running kernel $(shell uname -r) (package linux-headers-$(shell uname -r)): building for the lab \
kernels $(LKM_KVERS)" >&2))
	@for k in $(KERNELS); do \
		echo "  KBUILD  modules for $$k"; \
		$(KBUILD) $$k modules $(KBUILD_ARGS) >/dev/null || exit 1; \
	done

tools: setup-build
	$(if $(GUESTROOT),@scripts/setup.sh vm --kernels "$(LAB_KERNELS)")
	$(MAKE) -C userspace $(USER_ARGS)

# The toy example programs (built with the kernel's nolibc, from Debian's
# linux-source-6.12) as static ELF and toy executables, in build/toy/.
examples: tools
	@scripts/setup.sh examples
	$(MAKE) -C examples/toy $(if $(GUESTROOT),OUT=$(CURDIR)/build/$(LKM_DEB_ARCH)/toy ARCH=$(LKM_DEB_ARCH) \
		CC=aarch64-linux-gnu-gcc-$(CROSS_GCC) TOYVM=$(CURDIR)/build/bin/toyvm)

# Test-only modules (they provoke what the test suite must detect).
test-modules: modules
	@for k in $(KERNELS); do \
		$(KBUILD) $$k test-modules $(KBUILD_ARGS) >/dev/null || exit 1; \
	done

test-progs: setup-build
	$(MAKE) -C tests $(if $(GUESTROOT),OUT=$(CURDIR)/build/$(LKM_DEB_ARCH)/tests \
		CC="aarch64-linux-gnu-gcc-$(CROSS_GCC) --sysroot=$(GUESTROOT)" AR=aarch64-linux-gnu-ar \
		LIB=$(CURDIR)/build/$(LKM_DEB_ARCH)/lib/libsuite.a)

check: setup
	@tests/run.sh

# Every suite on every kernel of the matrix (make check runs the full suites
# on the oldest and newest kernel, the oracle suites on the others), the
# DKMS build (install.sh) on the 6.x kernels.
# On arm64: every suite on 6.12 and 7.3 (make check: the oracle suites and
# install on 6.12, and 7.3 built only); DKMS builds in the x86-64 VM only
# (the arm64 root has no compiler).
ARM64_ALL_SUITES := pagewalk binfmt_demo sched_probe syscall_probe tools \
	load_unload security fuzz stress install
check-all: setup
	@LKM_KVERS_FULL="$(LKM_KVERS)" LKM_ARM64_KVERS="6.12 7.3" LKM_ARM64_BUILD_KVERS= \
		LKM_ARM64_SUITES="$(ARM64_ALL_SUITES)" LKM_ARM64_LPA2=1 LKM_TEST_DKMS=1 tests/run.sh

# The VM suite, KUnit and failslab on the debug kernel (KASAN, lockdep...):
# about 50 min, plus about 9 min to build that kernel the first time.
check-debug: setup
	@tests/check-debug.sh

check-host: setup-build
	@tests/run.sh --host-only

lint: setup
	@scripts/lint.sh

# make ARCH=arm64 bench: the arm64 lab VM on 6.12 (or KVER/KVERS).
BENCH_KERNELS := $(if $(KVER)$(KVERS),$(LAB_KERNELS),$(if $(GUESTROOT),6.12))
bench:
	@scripts/setup.sh all $(if $(BENCH_KERNELS),--kernels "$(BENCH_KERNELS)")
	@scripts/bench.sh $(if $(BENCH_KERNELS),--kernels "$(BENCH_KERNELS)")

# Stress and soak (tests/vm/stress.sh) for 10 minutes on each lab kernel;
# make check runs the same suite for 60 s. SOAK_SECONDS=N to change it.
SOAK_SECONDS ?= 600
soak: setup
	@for k in $(LKM_KVERS); do \
		$(MAKE) --no-print-directory KVER=$$k all test-progs >/dev/null || exit 1; \
		echo "soak: Linux $$k, $(SOAK_SECONDS) s"; \
		scripts/vm.sh --kernel $$k --timeout $$(( $(SOAK_SECONDS) * 3 + 900 )) -- \
			env SOAK_SECONDS=$(SOAK_SECONDS) tests/vm/run-suites.sh tests/vm/stress.sh || exit 1; \
	done

demo: setup
	@scripts/demo.sh

vm: all
	scripts/vm.sh $(if $(KVER),--kernel $(KVER))

install: all
	@# Debian does not ship its signing key: install unsigned (see README).
	$(KBUILD) $(INSTALL_KERNEL) install INSTALL_MOD_DIR=updates \
		CONFIG_MODULE_SIG_ALL= KERNELRELEASE=$(KRELEASE) >/dev/null
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8
	for f in build/bin/*; do [ ! -f "$$f" ] || install -m 0755 "$$f" $(DESTDIR)$(PREFIX)/bin/; done
	for f in man/*.8; do [ ! -f "$$f" ] || install -m 0644 "$$f" $(DESTDIR)$(PREFIX)/share/man/man8/; done

uninstall:
	@# modules_install keeps the tree's layout: updates/modules/<name>/<name>.ko*
	rm -rf $(addprefix $(INSTALL_MOD_PATH)/lib/modules/$(KRELEASE)/updates/modules/,$(MODULE_NAMES))
	-rmdir $(INSTALL_MOD_PATH)/lib/modules/$(KRELEASE)/updates/modules 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
	for f in build/bin/*; do rm -f "$(DESTDIR)$(PREFIX)/bin/$${f##*/}"; done
	for f in man/*.8; do rm -f "$(DESTDIR)$(PREFIX)/share/man/man8/$${f##*/}"; done

# The release the install kernel reports (uname -r): Debian 6.1's headers
# say 6.1.192 in include/config/kernel.release for a kernel that is
# 6.1.0-57-amd64, so take UTS_RELEASE.
KRELEASE = $(shell k=$(INSTALL_KERNEL); [ -d "$$k" ] || k=$$(. scripts/lib/common.sh && \
	lkm_headers "$$(lkm_resolve_abi $$k)"); \
	sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $$k/include/generated/utsrelease.h 2>/dev/null)

clean:
	rm -rf build/*/src build/*/depmod-* build/*/*.ko
	rm -f modules/*/*.ko tests/modules/*/*.ko tests/kunit/*.ko
	$(MAKE) -C userspace clean
	$(MAKE) -C examples/toy clean
	$(MAKE) -C tests clean

help:
	@sed -n '3,19s/^# \{0,1\}//p' Makefile
	@echo '  make modules | tools  build one half (W=1 C=2 pass through to kbuild)'
	@echo '  make check-host       host-side unit tests only (no VM)'
	@echo '  make lint             checkpatch --strict and clang-format on the C code'
	@echo '  make vm [KVER=7.3]    build, then an interactive lab VM with the modules'
	@echo '  make install | uninstall   (DESTDIR, PREFIX, INSTALL_MOD_PATH honoured)'
	@echo '  make clean'
