#!/usr/bin/env bash
# Newcomer entry point (README "Quick start"):
#   scripts/quickstart.sh sim [sriov-sim args...]   build and run the co-simulation
#   scripts/quickstart.sh test [ctest args...]      build and run the test suite
# Installs missing Debian 12 packages when run as root, otherwise prints the
# exact apt-get line to run and stops.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

packages=(build-essential cmake pkg-config ninja-build libsystemc-dev verilator
          libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev nlohmann-json3-dev
          libtomlplusplus-dev pciutils clang-14 libclang-rt-14-dev lcov yosys zlib1g-dev gtkwave)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -ne 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "quickstart: installing missing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        echo "quickstart: missing Debian packages. Run as root:" >&2
        echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

jobs=$(nproc)
what=${1:-}
[ $# -gt 0 ] && shift
case "$what" in
sim)
    cmake --preset default >/dev/null
    cmake --build --preset default --target sriov-sim -j "$jobs"
    mkdir -p waves/out
    exec build/default/tb/sriov-sim "$@"
    ;;
test)
    cmake --preset default >/dev/null
    cmake --build --preset default -j "$jobs"
    exec ctest --preset default -j "$jobs" "$@"
    ;;
*)
    echo "usage: scripts/quickstart.sh sim|test [args...]" >&2
    exit 2
    ;;
esac
