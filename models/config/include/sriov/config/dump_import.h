// Importing a real device: the configuration space of its functions as
// `lspci -xxxx` (with or without -vv) prints it, or as a sysfs `config` file,
// turned into a device description that reproduce every read-only byte and the
// capability layout (docs/device-description.md, "Importing a device").
#pragma once

#include "sriov/config/device_profile.h"

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sriov::config {

// Every refusal of the importer: "FILE:LINE: reason" for text, "FILE: reason"
// for a binary file or a rule about the whole dump.
class import_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One function of a dump.
struct function_dump {
    uint16_t rid = 0;
    std::string title;          // the header line after "bb:dd.f " (empty for a binary file)
    std::string where;          // "FILE:LINE" of its header line, or FILE
    std::vector<uint8_t> bytes; // 64 (lspci -x), 256 (-xxx) or 4096 (-xxxx) bytes from 0
    // Sizes lspci -vv prints: "Region N: ... [size=S]" in the function's
    // header part, and in its SR-IOV capability's block (VF BARs).
    std::array<std::optional<uint64_t>, 6> region_size{};
    std::array<std::optional<uint64_t>, 6> sriov_region_size{};
};

// `lspci -xxxx` / `-xxx` / `-x` output, optionally with -v/-vv lines, of one
// or several functions: a "[dddd:]bb:dd.f title" line, then hex lines
// "xx[x]: b0 b1 ... b15" from offset 0 in steps of 16, a blank line between
// functions. Throws import_error "SOURCE:LINE: reason".
std::vector<function_dump> parse_lspci_text(std::string_view text, const std::string& source);

// A binary configuration space (sysfs /sys/bus/pci/devices/D/config: 64, 256
// or 4096 bytes) of the function `rid`.
function_dump parse_config_binary(std::string_view bytes, const std::string& source, uint16_t rid);

// The functions in the file `path` (at most 4 MiB): binary when it holds a
// NUL byte, else lspci text. A binary file's routing ID is its folder's name
// when that is a PCI address ("0000:03:00.0/config"), else 01:00.0.
std::vector<function_dump> read_config_dump(const std::string& path);

// A BAR size given on the command line: "[bb:dd.f/]pf:barN=SIZE" or
// "[bb:dd.f/]vf:barN=SIZE" (SIZE with an optional K/M/G unit, 1024-based).
struct bar_size_option {
    std::optional<uint16_t> pf_rid; // none: every PF
    bool vf = false;
    unsigned bar = 0;
    uint64_t size = 0;
};
// Throws import_error naming the option's text.
bar_size_option parse_bar_size_option(std::string_view text);

struct import_options {
    std::vector<bar_size_option> bar_sizes;
    // Write the description even where it cannot reproduce the dump: a
    // capability the schema has no type for is left out, and every byte that
    // differs is listed (import_result notes) instead of refused.
    bool allow_differences = false;
};

// One imported PF and where its bytes came from.
struct imported_pf {
    pf_description pf;
    std::string title;                   // its lspci header line's description, if any
    std::string source;                  // the PF's "FILE:LINE"
    std::vector<std::string> vf_sources; // its VFs' "FILE:LINE bb:dd.f"
    std::vector<std::string> notes;      // what the import reset, ignored or could not keep
};

struct import_result {
    device_description device;      // every PF, in routing-ID order, and the link
    std::vector<imported_pf> pfs;   // where each PF came from (device.pfs[i]'s)
    std::vector<std::string> notes; // functions that are neither a PF nor one of its VFs
};

// Finds the PFs (functions with an SR-IOV capability) and their VFs (the
// routing IDs First VF Offset / VF Stride give), decodes each into a
// pf_description, validates the device and checks that the model built from it reads
// back every read-only bit of every dumped function. Throws import_error.
import_result import_device(const std::vector<function_dump>& functions,
                            const import_options& options);

// A VF's PCI Express entry holds fields the model takes from the PF: Device
// Control (RsvdP in a VF), Link Capabilities and Link Capabilities 2 (Base:
// the PF's Link), Slot Clock (Link Status is RsvdZ in a VF). A dump cannot
// show a VF's own values for them: they are set to the PF's, so that two
// descriptions of the same device compare equal.
void use_pf_link_fields_in_vfs(pf_description& p);

// The device description (TOML, docs/device-description.md) of `device`:
// `[pf]` for one PF, `[[pf]]` entries for several; every key written, register
// values in hex, comments naming `inputs` and the notes.
std::string write_device_description(const import_result& device,
                                     const std::vector<std::string>& inputs);

} // namespace sriov::config
