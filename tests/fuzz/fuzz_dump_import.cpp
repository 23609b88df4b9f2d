// libFuzzer target for importing a device from a dump
// (docs/device-description.md, "Importing a device"): lspci text (or a
// binary config space), the import, and the description it writes.
// Invariants:
//  - parsing and importing never crash, hang or allocate without bound, and
//    refuse only with import_error starting with the source name (nothing else
//    escapes);
//  - a description written for one PF is one the description reader accepts,
//    and the model built from it holds (the importer never writes a file
//    sriov-sim --device would refuse).
#include "sriov/config/device_description.h"
#include "sriov/config/dump_import.h"
#include "sriov/config/sriov_device.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_dump_import invariant broken: %s: %s\n", what, detail.c_str());
    std::abort();
}

std::vector<sriov::config::function_dump> parse(std::string_view text) {
    if (text.size() == 4096 && text.find('\0') != std::string_view::npos) {
        return {sriov::config::parse_config_binary(text, "fuzz.lspci", 0x0100)};
    }
    return sriov::config::parse_lspci_text(text, "fuzz.lspci");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using namespace sriov::config;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    import_options o;
    o.allow_differences = size > 0 && (data[0] & 1) != 0;
    // Sizes for the BARs the seeds have, so imports get past them.
    for (const char* b :
         {"pf:bar0=512K", "pf:bar2=32", "pf:bar4=16K", "vf:bar0=16K", "vf:bar3=16K"}) {
        o.bar_sizes.push_back(parse_bar_size_option(b));
    }
    std::string written;
    try {
        const import_result r = import_device(parse(text), o);
        written = write_device_description(r, {"fuzz.lspci"});
    } catch (const import_error& e) {
        if (std::string_view(e.what()).substr(0, 10) != "fuzz.lspci") {
            fail("an error that does not start with the source name", e.what());
        }
        return 0;
    } catch (const std::exception& e) {
        fail("an exception other than import_error", e.what());
    }
    try {
        const device_description p = parse_device_description(written, "written.toml");
        sriov_device dev(p);
        dev.reset(0);
    } catch (const std::exception& e) {
        fail("a written description the reader or the model refuses", e.what() + ("\n" + written));
    }
    return 0;
}
