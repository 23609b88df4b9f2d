# Every dependency comes from a Debian 12 package, found the standard way.
# scripts/quickstart.sh installs them; the list there and here must agree.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET systemc>=2.3.4 tlm)
# Device descriptions (TOML, libtomlplusplus-dev); linked by models/config only.
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus>=3)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt 9 REQUIRED) # formatting (libfmt-dev)
find_package(verilator 5 REQUIRED HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator)
find_program(LSPCI_EXECUTABLE lspci PATHS /usr/bin /usr/sbin /bin /sbin)
