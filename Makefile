# SPDX-License-Identifier: GPL-2.0
#
# The user's entry point (kbuild reads Kbuild, beside this file).
#
#   make                  build the four modules, the userspace tools and the
#                         toy example programs
#   make KVER=6.12        ... for one of the two lab kernels (6.1 or 6.12)
#   make KDIR=/path       ... against any kernel build tree
#   make demo             set up, build, boot the lab VM and run the demo
#   make check            set up, build and run every test on both kernels
#   make bench            benchmarks on both kernels -> bench/results-<kernel>.md
#   make soak             the stress suite for 10 minutes on each kernel
#   make check-debug      the VM suite + KUnit + failslab on the debug kernel
#   make install          modules into /lib/modules/<kernel>/updates, tools into
#                         $(PREFIX)/bin (PREFIX=/usr/local); make uninstall
#   make help             everything else
#
# KDIR defaults to the running kernel's build tree and, where there is none
# (a machine without headers), to the lab VM's default kernel (6.1).

SHELL := /bin/bash
REPO := $(CURDIR)
JOBS ?= $(shell nproc)

kernel_headers = $(shell . scripts/lib/common.sh && abi=$$(lkm_installed_abi $(1)) && \
		   [ -n "$$abi" ] && lkm_headers $$abi)
ifneq ($(KVER),)
KDIR ?= $(call kernel_headers,$(KVER))
else ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
KDIR ?= /lib/modules/$(shell uname -r)/build
else
KDIR ?= $(call kernel_headers,6.1)
endif

KBUILD = $(MAKE) -C $(KDIR) M=$(REPO)
# The release the kernel reports (uname -r). Debian 6.1's headers say 6.1.192
# in include/config/kernel.release for a kernel that is 6.1.0-56-amd64, so
# take UTS_RELEASE and hand it to modules_install.
KRELEASE = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	     $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
LKM_KVERS := 6.1 6.12
MODULE_NAMES := binfmt_demo pagewalk sched_probe syscall_probe
PREFIX ?= /usr/local

.PHONY: all modules tools examples test-progs test-modules setup setup-build \
	check check-host check-debug lint demo vm bench soak install uninstall clean help

all: modules tools examples

setup-build:
	@scripts/setup.sh build

setup:
	@scripts/setup.sh all

modules: setup-build
	@[ -n "$(KDIR)" ] && [ -d "$(KDIR)" ] || \
		{ echo "make: no kernel build tree (KDIR='$(KDIR)'): try make KVER=6.1" >&2; exit 1; }
	$(KBUILD) -j$(JOBS) modules

tools: setup-build
	$(MAKE) -C userspace

# The toy example programs (built with the kernel's nolibc, from Debian's
# linux-source-6.12) as static ELF and toy executables, in build/toy/.
examples: tools
	@scripts/setup.sh examples
	$(MAKE) -C examples/toy

# Test-only modules (they provoke what the test suite must detect).
test-modules: modules
	$(MAKE) -C $(KDIR) M=$(REPO)/tests/modules -j$(JOBS) modules

test-progs: setup-build
	$(MAKE) -C tests

check: setup
	@tests/run.sh

# The VM suite, KUnit and failslab on the debug kernel (KASAN, lockdep...):
# about 50 min, plus about 9 min to build that kernel the first time.
check-debug: setup
	@tests/check-debug.sh

check-host: setup-build
	@tests/run.sh --host-only

lint: setup
	@scripts/lint.sh

bench: setup
	@scripts/bench.sh

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
	$(KBUILD) INSTALL_MOD_DIR=updates KERNELRELEASE=$(KRELEASE) \
		CONFIG_MODULE_SIG_ALL= modules_install
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

clean:
	-[ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ] || $(KBUILD) clean
	-[ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(REPO)/tests/modules clean
	-[ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(REPO)/tests/kunit clean
	$(MAKE) -C userspace clean
	$(MAKE) -C examples/toy clean
	$(MAKE) -C tests clean

help:
	@sed -n '3,16s/^# \{0,1\}//p' Makefile
	@echo '  make modules | tools  build one half (W=1 C=2 pass through to kbuild)'
	@echo '  make check-host       host-side unit tests only (no VM)'
	@echo '  make lint             checkpatch --strict and clang-format on the C code'
	@echo '  make vm [KVER=6.12]   build, then an interactive lab VM with the modules'
	@echo '  make install | uninstall   (DESTDIR, PREFIX, INSTALL_MOD_PATH honoured)'
	@echo '  make clean'
