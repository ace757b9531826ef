# Shared helpers for the scripts: timed phases.
phase() {
  local name=$1; shift
  local start=$SECONDS
  echo "==> [$name] $*"
  if "$@"; then
    echo "==> [$name] ok in $((SECONDS - start)) s"
  else
    local rc=$?
    echo "==> [$name] FAILED (exit $rc) after $((SECONDS - start)) s"
    return $rc
  fi
}
