#include "sriov/cli/import_command.h"

#include "sriov/cli/command_line.h"
#include "sriov/cli/output_paths.h"
#include "sriov/config/device_description.h"
#include "sriov/config/dump_import.h"
#include "sriov/root_complex/root_complex_config.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace sriov::cli {

namespace {

// Writes `text` to a temporary file next to `path`, then renames it over
// `path`: readers never see a partial description.
void write_atomically(const std::string& path, const std::string& text) {
    std::string tmp = path + ".XXXXXX";
    const int fd = mkstemp(tmp.data());
    if (fd < 0) {
        throw config::import_error(path + ": cannot create a temporary file next to it");
    }
    close(fd);
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw config::import_error(path + ": cannot write the device description");
    }
}

config::import_result import_all(const import_request& r, std::vector<config::function_dump>& all) {
    config::import_options o;
    o.allow_differences = r.allow_differences;
    for (const std::string& b : r.bar_sizes) {
        o.bar_sizes.push_back(config::parse_bar_size_option(b));
    }
    for (const std::string& path : r.dumps) {
        for (config::function_dump& f : config::read_config_dump(path)) {
            all.push_back(std::move(f));
        }
    }
    return config::import_device(all, o);
}

} // namespace

void add_import_options(CLI::App& app, import_request& r) {
    CLI::Option* dump =
        app.add_option("--import-dump", r.dumps,
                       "import a device: `lspci -xxxx` output (with or without -vv) or sysfs "
                       "config files of its PF(s) and VFs; with --write-device, no simulation")
            ->check(CLI::ExistingFile);
    CLI::Option* out = app.add_option("--write-device", r.out,
                                      "--import-dump: the device description (TOML) to write")
                           ->needs(dump);
    dump->needs(out);
    app.add_option("--bar-size", r.bar_sizes,
                   "--import-dump: a BAR size the dump does not show, [bb:dd.f/]pf:barN=SIZE or "
                   "[bb:dd.f/]vf:barN=SIZE (e.g. pf:bar0=512K vf:bar0=16K)")
        ->needs(dump);
    app.add_flag("--allow-differences", r.allow_differences,
                 "--import-dump: write the description even where it cannot reproduce a "
                 "read-only byte (listed as comments) or holds a capability the schema cannot")
        ->needs(dump);
}

int run_import(const import_request& r) {
    std::vector<file_arg> inputs;
    for (const std::string& d : r.dumps) {
        inputs.push_back({"--import-dump", d});
    }
    if (const std::string bad = prepare_outputs(inputs, {{"--write-device", r.out}});
        !bad.empty()) {
        std::cerr << "sriov-sim: " << bad << "\n";
        return exit_usage;
    }
    try {
        std::vector<config::function_dump> all;
        const config::import_result device = import_all(r, all);
        const std::string text = config::write_device_description(device, r.dumps);
        if (device.pfs.size() == 1) {
            // What sriov-sim --device will read: the same reader, the root port's buses.
            const root_complex::root_complex_config rc;
            try {
                config::parse_device_description(
                    text, r.out, config::bus_range{rc.secondary_bus, rc.subordinate_bus});
            } catch (const config::profile_error& e) {
                throw config::import_error(
                    std::string("not written: sriov-sim --device would refuse it: ") + e.what());
            }
        }
        write_atomically(r.out, text);
        std::cout << "sriov-sim: wrote " << r.out << ": " << device.pfs.size() << " PF(s) from "
                  << all.size() << " dumped function(s)\n";
    } catch (const std::exception& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return exit_usage;
    }
    return exit_pass;
}

} // namespace sriov::cli
