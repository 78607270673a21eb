# MCP's agent (mcp-agent) and CLI (mcp), built with Maven from this repository.
#   nix-build nix/            (nix/default.nix calls this with <nixpkgs>)
#   pkgs.callPackage ./nix/package.nix { }
{
  lib,
  maven,
  jdk21_headless,
  makeWrapper,
  coreutils,
}:

let
  jdk = jdk21_headless;
  # Maven itself runs on the same JDK 21, so the pom's toolchain selection ([21,)) takes the
  # running JDK and needs no toolchains.xml.
  mavenJdk21 = maven.override { jdk_headless = jdk; };
  # mcp's launcher: the AppCDS archive made below, ignored silently if it does not fit.
  # The agent's JVM options, as bin/lib/agent-java-opts.sh gives them to the other launchers (why:
  # there, and docs/benchmarks.md section 5; JDK 21 here, so no compact object headers). Keep the
  # two in step.
  agentJavaOpts = "-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=20 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps -XX:NewRatio=3 -XX:+ExitOnOutOfMemoryError";
  cdsFlags = out: name:
    "-XX:SharedArchiveFile=${out}/share/${name}/app.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off";
in
mavenJdk21.buildMavenPackage rec {
  pname = "mcp";
  version = "0.1.0-SNAPSHOT"; # <version> in ../pom.xml

  src = lib.cleanSourceWith {
    src = ../.;
    filter = path: type:
      !(builtins.elem (baseNameOf path) [ "target" "build" ".git" "result" ]);
  };

  # PLACEHOLDER — NOT A REAL HASH. The first build fails and prints the hash of the fetched Maven
  # dependencies ("got: sha256-…"); put it here. It changes whenever a dependency version does.
  mvnHash = lib.fakeHash;

  # Unit tests run elsewhere (scripts/test); the integration tests need podman, sshd and nginx,
  # which the Nix build sandbox does not have.
  mvnParameters = "-DskipTests";
  doCheck = false;

  nativeBuildInputs = [ makeWrapper ];

  installPhase = ''
    runHook preInstall

    install_app() { # name, module target dir, jar prefix
      local name=$1 target=$2 prefix=$3 jar
      mkdir -p $out/share/$name/lib
      for jar in $target/$prefix-*.jar; do
        case $jar in *-tests.jar|*-sources.jar) ;; *) cp $jar $out/share/$name/$name.jar ;; esac
      done
      cp $target/lib/*.jar $out/share/$name/lib/
    }
    install_app mcp-agent reconciler/target mcp-reconciler
    install_app mcp cli/target mcp-cli
    # The agent's jars with stored entries, as dist/assemble makes them (dist/StoredJar.java: a
    # zlib inflater per jar for the agent's life otherwise, ~3 MiB resident).
    ${jdk}/bin/java dist/StoredJar.java $out/share/mcp-agent/mcp-agent.jar $out/share/mcp-agent/lib/*.jar

    mkdir -p $out/share/man/man1
    cp cli/target/man/*.1 $out/share/man/man1/
    install -Dm644 cli/target/completion/mcp.bash $out/share/bash-completion/completions/mcp
    install -Dm644 cli/target/completion/mcp.zsh $out/share/zsh/site-functions/_mcp

    # AppCDS archives. The JVM checks each jar's mtime against the archive, and the store resets
    # every mtime to 1 when it registers the output, so set them to 1 before the training runs.
    find $out/share -name '*.jar' -exec touch -h -d @1 {} +
    ${jdk}/bin/java -XX:TieredStopAtLevel=1 -Djdk.reflect.useNativeAccessorOnly=true -XX:ArchiveClassesAtExit=$out/share/mcp/app.jsa \
      -jar $out/share/mcp/mcp.jar --help > /dev/null || rm -f $out/share/mcp/app.jsa
    # None for the agent: the daemon would keep the archive's pages resident for its whole life,
    # 1.8 MiB more than the same classes cost without it (dist/bin/mcp-agent uses its archive for
    # the short commands only; a wrapper made here cannot choose).

    # The launchers: this JDK, no search (the role of bin/lib/find-java.sh elsewhere).
    makeWrapper ${jdk}/bin/java $out/bin/mcp \
      --add-flags "-XX:TieredStopAtLevel=1 -Djdk.reflect.useNativeAccessorOnly=true ${cdsFlags "$out" "mcp"}" \
      --add-flags "-jar $out/share/mcp/mcp.jar"
    # The agent: rootless podman needs XDG_RUNTIME_DIR; a system unit cannot name /run/user/<uid>
    # (%U is the manager's uid there), so take logind's directory when it exists, as
    # dist/bin/mcp-agent does.
    makeWrapper ${jdk}/bin/java $out/bin/mcp-agent \
      --run 'uid=$(${coreutils}/bin/id -u); if [ -z "''${XDG_RUNTIME_DIR:-}" ] && [ "$uid" -ne 0 ] && [ -d "/run/user/$uid" ]; then export XDG_RUNTIME_DIR="/run/user/$uid"; fi' \
      --set-default MALLOC_ARENA_MAX 1 \
      --add-flags "${agentJavaOpts}" \
      --add-flags '$MCP_JAVA_OPTS $MCP_AGENT_JAVA_OPTS' \
      --add-flags "-jar $out/share/mcp-agent/mcp-agent.jar"

    runHook postInstall
  '';

  meta = {
    description = "MCP: a pull-based GitOps reconciler for rootless podman (agent and CLI)";
    mainProgram = "mcp";
    platforms = lib.platforms.linux;
  };
}
