# MCP's build entry points (the runbook's `make clean && make mcp-agent` and `make mcp`).
#
#   make mcp-agent   build/mcp-agent/ (self-contained: bin/mcp-agent, mcp-agent.jar, lib/, app.jsa)
#                    and build/mcp-agent.tar.gz (root-owned entries: dist/tarball); builds only
#                    schema/ and reconciler/
#   make mcp         build/mcp/ (bin/mcp, mcp.jar, lib/, app.jsa, with a JDK 24+ also app.aot,
#                    share/man, share/*completion*)
#                    and build/mcp.tar.gz; builds only schema/ and cli/
#   make test        scripts/test (every test, installing prerequisites when root on Debian)
#   make check-nix   scripts/check-nix (parses every .nix file)
#   make install     PREFIX=/usr/local (and DESTDIR): both artefacts under $(PREFIX)/lib/,
#                    commands linked from $(PREFIX)/bin/; install-agent / install-cli for one
#   make clean       removes build/ and Maven's target/ directories
#
# Each artefact runs anywhere a JDK 21+ is found (bin/lib/find-java.sh's rules). Its app.jsa and
# app.aot are used only with the JDK that made them; with any other the launcher starts without
# them, silently (dist/bin/mcp; make mcp again to make them for the new JDK).

MVNW      ?= ./mvnw
MVNFLAGS  ?= -B -q --no-transfer-progress
BUILD     := build
PREFIX    ?= /usr/local
DESTDIR   ?=

.PHONY: all mcp-agent mcp test check-nix install install-agent install-cli clean

all: mcp-agent mcp

# Maven's reactor still reads every module's pom.xml, but -pl … -am compiles and packages only the
# module and what it depends on (schema/): cli/ sources play no part in the agent, and vice versa.
mcp-agent:
	$(MVNW) $(MVNFLAGS) -pl reconciler -am package -DskipTests
	dist/assemble mcp-agent reconciler/target mcp-reconciler $(BUILD)/mcp-agent --version
	dist/tarball $(BUILD)/mcp-agent.tar.gz $(BUILD) mcp-agent

mcp:
	$(MVNW) $(MVNFLAGS) -pl cli -am package -DskipTests
	dist/assemble mcp cli/target mcp-cli $(BUILD)/mcp --help
	mkdir -p $(BUILD)/mcp/share/man/man1 $(BUILD)/mcp/share/bash-completion/completions \
	  $(BUILD)/mcp/share/zsh/site-functions
	cp -p cli/target/man/*.1 $(BUILD)/mcp/share/man/man1/
	cp -p cli/target/completion/mcp.bash $(BUILD)/mcp/share/bash-completion/completions/mcp
	cp -p cli/target/completion/mcp.zsh $(BUILD)/mcp/share/zsh/site-functions/_mcp
	dist/tarball $(BUILD)/mcp.tar.gz $(BUILD) mcp

test:
	scripts/test

check-nix:
	scripts/check-nix

# cp --preserve=mode,timestamps keeps the jars' modification times, which the CDS archive checks,
# but not the builder's ownership: installed files belong to who installs them (root).
install: install-agent install-cli

install-agent:
	test -d $(BUILD)/mcp-agent || { echo "run make mcp-agent first" >&2; exit 1; }
	mkdir -p $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/bin
	rm -rf $(DESTDIR)$(PREFIX)/lib/mcp-agent
	cp -R --preserve=mode,timestamps $(BUILD)/mcp-agent $(DESTDIR)$(PREFIX)/lib/mcp-agent
	ln -sfn ../lib/mcp-agent/bin/mcp-agent $(DESTDIR)$(PREFIX)/bin/mcp-agent

install-cli:
	test -d $(BUILD)/mcp || { echo "run make mcp first" >&2; exit 1; }
	mkdir -p $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/bin
	rm -rf $(DESTDIR)$(PREFIX)/lib/mcp
	cp -R --preserve=mode,timestamps $(BUILD)/mcp $(DESTDIR)$(PREFIX)/lib/mcp
	ln -sfn ../lib/mcp/bin/mcp $(DESTDIR)$(PREFIX)/bin/mcp

clean:
	rm -rf $(BUILD)
	$(MVNW) -q clean
