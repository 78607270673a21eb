# Rewrites one of examples/services/*.toml for the demo: every image becomes the local demo
# image (no registry is reachable), the node becomes the demo's, and what the busybox image cannot
# honour is dropped: commands, users, networks, ports and volumes of the real programs. A health
# check is kept, as a check that passes, so that deploys still wait for "healthy".
# Usage: awk -v image=IMG -v node=NODE -f demo-services.awk FILE
BEGIN { in_array = 0 }
in_array { if ($0 ~ /^[[:space:]]*\][[:space:]]*$/) in_array = 0; next }
/^\[/ { section = $0; print; next }
/^node[[:space:]]*=/ { print "node = \"" node "\""; next }
/^image[[:space:]]*=/ { print "image = \"" image "\""; next }
/^(user|network|ports|volumes)[[:space:]]*=/ {
  if ($0 ~ /\[[[:space:]]*$/) in_array = 1
  next
}
/^cmd[[:space:]]*=/ {
  if (section == "[components.health]") print "cmd = [\"true\"]"
  next
}
{ print }
