# Shared by the README's two commands: the packages every job needs, and the Swift toolchain.
# Sourced, not run.
STEPWISE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$STEPWISE_ROOT"

# Libraries the renderer links, the fonts figures are drawn with, and the math font the site ships.
STEPWISE_PACKAGES=(pkg-config libcairo2-dev libpango1.0-dev libpng-dev fonts-dejavu-core fonts-wqy-microhei fonts-lmodern)
# What the tests add: the trace-schema validator and the headless browser that checks the site.
STEPWISE_TEST_PACKAGES=(python3 python3-jsonschema python3-websocket python3-numpy chromium)

# The Swift toolchain ships with this machine image in /opt/swift; it is not a Debian package.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "stepwise: Swift 6 toolchain not found (expected on PATH or in /opt/swift)" >&2; exit 1; }

# The compiler flags that build Stepwise for the CPU it runs on, printed one word a line (none
# on a CPU without a known level). Without them Swift targets plain x86-64, where the matrix
# kernel's fused multiply-add is one call of the C library's fma() per lane instead of one
# instruction (about 10x slower); the bytes computed are the same either way.
# STEPWISE_TARGET_CPU=NAME picks the CPU (a swiftc -target-cpu name); STEPWISE_TARGET_CPU=none
# builds without CPU flags.
stepwise_cpu_flags() {
  local cpu="${STEPWISE_TARGET_CPU:-}"
  if [ -z "$cpu" ]; then
    [ "$(uname -m)" = x86_64 ] || return 0
    if stepwise_swiftc_accepts_cpu native; then
      cpu=native
    elif grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo && stepwise_swiftc_accepts_cpu haswell; then
      cpu=haswell
    else
      return 0
    fi
  fi
  [ "$cpu" = none ] && return 0
  printf '%s\n' -Xswiftc -target-cpu -Xswiftc "$cpu"
}

# Whether swiftc compiles a tiny file with `-target-cpu $1`.
stepwise_swiftc_accepts_cpu() {
  local probe
  probe="$(mktemp -d)"
  echo 'print(1)' > "$probe/probe.swift"
  local status=0
  swiftc -target-cpu "$1" -c "$probe/probe.swift" -o "$probe/probe.o" >/dev/null 2>&1 || status=1
  rm -rf "$probe"
  return $status
}
