# NixOS module for the MCP agent: the same service as dist/systemd/mcp-agent.service (read that
# file's comments for why each hardening option is or is not set), plus the user, rootless podman
# and the directories.
#
#   imports = [ ./nix/module.nix ];
#   services.mcp-agent = {
#     enable = true;
#     settings = {
#       node = "rift";
#       source.url = "ssh://git@git.example.net/ops/services.git";
#       server = { listen = "0.0.0.0:9443"; cert = "/srv/mcp/certs/cert.pem"; key = "/srv/mcp/certs/key.pem"; };
#       auth.tokens_file = "/srv/mcp/tokens";
#     };
#   };
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.services.mcp-agent;
  settingsFormat = pkgs.formats.toml { };
  # In the store, so world-readable: settings name secret files, they never hold secrets.
  configFile = settingsFormat.generate "mcp-agent.toml" cfg.settings;
  dataDir = cfg.settings.data_dir;
  servicesRoot = cfg.settings.services_root;

  # Rootless podman needs the user's /run/user/<uid>, made by logind at boot for a lingering
  # user; wait for it rather than let podman fall back to a private /tmp.
  waitForRuntimeDir = pkgs.writeShellScript "mcp-agent-wait-runtime-dir" ''
    d=/run/user/$(${pkgs.coreutils}/bin/id -u)
    for _ in $(${pkgs.coreutils}/bin/seq 60); do
      [ -d "$d" ] && exit 0
      ${pkgs.coreutils}/bin/sleep 1
    done
    echo "$d does not exist: is users.users.${cfg.user}.linger true?" >&2
    exit 1
  '';
in
{
  options.services.mcp-agent = {
    enable = lib.mkEnableOption "the MCP agent (mcp-agent), converging rootless podman to a git repository";

    package = lib.mkOption {
      type = lib.types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./nix/package.nix { }";
      description = "The package providing bin/mcp-agent.";
    };

    settings = lib.mkOption {
      type = settingsFormat.type;
      default = { };
      description = ''
        The agent's configuration, rendered to mcp-agent.toml (keys as in DESIGN.md: node,
        data_dir, services_root, [source], [server], [auth], [reconcile]) and linked to
        <data_dir>/mcp-agent.toml, where the runbook's commands look for it.
      '';
    };

    user = lib.mkOption {
      type = lib.types.str;
      default = "mcp";
      description = "The user the agent and its rootless podman containers run as.";
    };

    group = lib.mkOption {
      type = lib.types.str;
      default = "mcp";
      description = "The agent's group; it may create service directories in services_root.";
    };

    subIdStart = lib.mkOption {
      type = lib.types.int;
      default = 100000;
      description = "First subordinate uid and gid of the user (65536 of each), for rootless podman.";
    };
  };

  config = lib.mkIf cfg.enable {
    services.mcp-agent.settings = {
      node = lib.mkDefault config.networking.hostName;
      data_dir = lib.mkDefault "/srv/mcp";
      services_root = lib.mkDefault "/srv";
    };

    virtualisation.podman.enable = true;

    users.groups.${cfg.group} = { };
    users.users.${cfg.user} = {
      isSystemUser = true;
      group = cfg.group;
      # Rootless podman keeps images and containers under ~/.local/share/containers: the home
      # lies in the tree the service may write.
      home = dataDir;
      # Lingering: logind makes /run/user/<uid> and starts the user's systemd at boot, not at a
      # login, and keeps them after a logout; containers do not die with a session.
      linger = true;
      subUidRanges = [ { startUid = cfg.subIdStart; count = 65536; } ];
      subGidRanges = [ { startGid = cfg.subIdStart; count = 65536; } ];
    };

    systemd.tmpfiles.rules = [
      # services_root: root's, but the group may create /srv/<service>/ in it.
      "d ${servicesRoot} 0775 root ${cfg.group} - -"
      # data_dir and home: database, backups, certs, tokens, podman's storage. Private.
      "d ${dataDir} 0700 ${cfg.user} ${cfg.group} - -"
      "L+ ${dataDir}/mcp-agent.toml - - - - ${configFile}"
    ];

    # Containers with restart = "always" come back after a reboot through podman's own
    # podman-restart.service, run by the mcp user's systemd (started at boot by linger): podman
    # ships it as a user unit, which the podman module installs for every user; wantedBy enables
    # it, and ConditionUser limits it to the agent's user. Other restart policies
    # ("unless-stopped", MCP's default) are started again by the agent's self-heal.
    systemd.user.services.podman-restart = {
      wantedBy = [ "default.target" ];
      unitConfig.ConditionUser = cfg.user;
    };

    systemd.services.mcp-agent = {
      description = "MCP agent: converges rootless podman to a git repository of service definitions";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" "systemd-user-sessions.service" ];
      # podman, and /run/wrappers/bin for the setuid newuidmap/newgidmap rootless podman runs.
      path = [ config.virtualisation.podman.package "/run/wrappers" ];
      restartTriggers = [ configFile ];
      serviceConfig = {
        User = cfg.user;
        Group = cfg.group;
        WorkingDirectory = dataDir;
        UMask = "0027";
        ExecStartPre = waitForRuntimeDir;
        ExecStart = "${lib.getExe' cfg.package "mcp-agent"} --config ${dataDir}/mcp-agent.toml";
        Restart = "on-failure";
        RestartSec = "10s";
        SuccessExitStatus = 143;
        TimeoutStopSec = "30s";
        # Stopping the agent never stops containers: only the JVM is signalled, not conmon.
        KillMode = "process";
        SyslogIdentifier = "mcp-agent";
        # Hardening as in dist/systemd/mcp-agent.service. Not set, because rootless podman breaks:
        # NoNewPrivileges and all that implies it, ProtectHome, ProtectKernelTunables,
        # ProtectControlGroups, RestrictNamespaces, PrivateUsers, ProtectKernelModules.
        ProtectSystem = "strict";
        ReadWritePaths = [ servicesRoot dataDir "/run/user" ];
        PrivateTmp = true;
      };
    };
  };
}
