#!/usr/bin/env bash
# CI step (issue 12): sriov-tlm used as a library, by a project that sees only
# what is installed. Reuses build/default (built by the README test command).
#  0. the model alone (no option) configures without the test/tool packages
#     and without -Werror; so does the `package` preset, without tests;
#  1. cmake --install into a temporary prefix;
#  2. examples/ copied out of the tree, configured with find_package(SriovTlm)
#     against that prefix only, built, run (each exits non-zero on a wrong value);
#     example (a) also built with pkg-config alone;
#  3. the Debian packages (cpack), installed with apt-get (as root), example (a)
#     built against /usr, sriov-sim run from /usr/bin; the packages removed again.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$top/build/default
jobs=$(nproc)
start=$(date +%s)
stamp() { echo "== install.sh [$(($(date +%s) - start))s] $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stamp "the model alone configures without GoogleTest, Benchmark, CLI11, Verilator"
cmake -S "$top" -B "$tmp/library" -G Ninja -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON \
    -DCMAKE_DISABLE_FIND_PACKAGE_verilator=ON >/dev/null
if grep -q -- -Werror "$tmp/library/build.ninja"; then
    echo "install.sh: -Werror outside the development presets" >&2
    exit 1
fi

stamp "the package preset (Release, libraries + tools, no tests) configures without -Werror"
cmake --preset package -B "$tmp/package" >/dev/null
if grep -q -- -Werror "$tmp/package/build.ninja" || [ -e "$tmp/package/CTestTestfile.cmake" ]; then
    echo "install.sh: the package preset has -Werror or tests" >&2
    exit 1
fi
# (the packages below are made from build/default, already built: a Release
# build of every RTL variant would double this step's time)

stamp "build/default up to date, install into a temporary prefix"
cmake --build "$build" -j "$jobs" >/dev/null
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
# (that nothing installed names this machine's folders is the CTest
# install_has_no_build_path of the README test command)

stamp "examples against the installed package only"
cp -r "$top/examples" "$tmp/examples" # no path back into the source tree
cd "$tmp"
cmake -S examples -B examples-build -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build examples-build -j "$jobs"
ctest --test-dir examples-build --output-on-failure
if grep -rl "$top" examples-build; then
    echo "install.sh: the examples' build used the source tree" >&2
    exit 1
fi

stamp "example (a) with pkg-config"
pc_dir=$(dirname "$(find "$tmp/prefix" -name sriov-tlm.pc)")
# shellcheck disable=SC2046 # pkg-config's output is a list of flags
g++ -std=c++17 -o lt_pkgconfig examples/lt_initiator/main.cpp -Iexamples/common \
    $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs sriov-tlm)
./lt_pkgconfig examples/devices/example-nic.toml >/dev/null

stamp "Debian packages"
cpack --config "$build/CPackConfig.cmake" -B "$tmp/deb" >/dev/null
ls -l "$tmp"/deb/*.deb
if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: not root, the packages are not installed (CI runs as root)"
    stamp "done"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$tmp"/deb/*.deb >/dev/null
remove() { apt-get remove -y -qq libsriov-tlm-dev sriov-tlm-tools >/dev/null; }
trap 'remove; rm -rf "$tmp"' EXIT
cmake -S examples -B usr-build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build usr-build -j "$jobs" --target example_lt_initiator
usr-build/example_lt_initiator examples/devices/example-nic.toml >/dev/null
grep -q "^SriovTlm_DIR:PATH=/usr/lib" usr-build/CMakeCache.txt # the package's config
/usr/bin/sriov-sim --quiet --flow linux --device /usr/share/sriov-tlm/profiles/intel-82599.toml
stamp "done"
