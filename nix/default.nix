# nix-build nix/   →   result/bin/mcp-agent, result/bin/mcp
# Uses the <nixpkgs> of NIX_PATH (or pass pkgs); pins nothing.
{
  pkgs ? import <nixpkgs> { },
}:
pkgs.callPackage ./package.nix { }
