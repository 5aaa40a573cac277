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
