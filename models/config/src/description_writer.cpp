// Writing an imported device as a device description (TOML,
// docs/device-description.md). A small dedicated writer rather than toml++'s:
// toml++ tables are sorted maps (the schema's key order is lost) and its
// writer has no comments, while a description is read by people next to a
// datasheet. parse_device_description() reads every file written here back
// into the same device_description (tests/config/test_dump_import.cpp).
#include "sriov/config/dump_import.h"

#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <iterator>
#include <variant>

namespace sriov::config {

namespace {

std::string hex(uint64_t v, unsigned digits) {
    return fmt::format("0x{:0{}X}", v, digits);
}

std::string boolean(bool b) {
    return b ? "true" : "false";
}

// A TOML basic string of printable ASCII.
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c >= 0x20 && c < 0x7F) {
            out += c;
        } else {
            out += '?';
        }
    }
    return out + "\"";
}

std::string size_text(uint64_t size) {
    static const std::pair<uint64_t, const char*> units[] = {
        {1ull << 30, "G"}, {1ull << 20, "M"}, {1ull << 10, "K"}};
    for (const auto& [factor, unit] : units) {
        if (size >= factor && size % factor == 0) {
            return fmt::format("\"{}{}\"", size / factor, unit);
        }
    }
    return std::to_string(size);
}

std::string byte_array(const std::vector<uint8_t>& bytes) {
    std::string out = "[";
    for (size_t i = 0; i < bytes.size(); ++i) {
        out += i == 0 ? "" : (i % 12 == 0 ? ",\n    " : ", ");
        out += hex(bytes[i], 2);
    }
    return out + "]";
}

// One [[...capability]] entry's keys after type and offset.
struct capability_keys {
    std::string& out;
    uint16_t msix_vectors;

    void key(const char* name, const std::string& value) const {
        fmt::format_to(std::back_inserter(out), "{} = {}\n", name, value);
    }
    void operator()(const pm_params& c) const {
        key("pmc", hex(c.pmc, 4));
        key("no_soft_reset", boolean(c.no_soft_reset));
    }
    void operator()(const msi_params& c) const {
        key("address64", boolean(c.address64));
        key("per_vector_mask", boolean(c.per_vector_mask));
        key("multiple_message_capable", std::to_string(c.multiple_message_capable));
    }
    void operator()(const msix_params& c) const {
        key("table_size", std::to_string(msix_vectors));
        key("table_bir", std::to_string(c.table_bir));
        key("table_offset", hex(c.table_offset, 1));
        key("pba_bir", std::to_string(c.pba_bir));
        key("pba_offset", hex(c.pba_offset, 1));
    }
    void operator()(const pcie_params& c) const {
        key("device_capabilities", hex(c.device_capabilities, 8));
        key("device_control", hex(c.device_control, 4));
        key("link_capabilities", hex(c.link_capabilities, 8));
        key("slot_clock", boolean(c.slot_clock));
        key("device_capabilities2", hex(c.device_capabilities2, 8));
        key("link_capabilities2", hex(c.link_capabilities2, 8));
    }
    void vendor(const vendor_bytes& c) const {
        key("bytes", byte_array(c.bytes));
        if (!c.rw_mask.empty()) {
            key("rw_mask", byte_array(c.rw_mask));
        }
        if (!c.rw1c_mask.empty()) {
            key("rw1c_mask", byte_array(c.rw1c_mask));
        }
    }
    void operator()(const vendor_specific_params& c) const { vendor(c); }
    void operator()(const vendor_specific_ext_params& c) const {
        key("vsec_id", hex(c.vsec_id, 4));
        key("vsec_rev", std::to_string(c.vsec_rev));
        vendor(c);
    }
    void operator()(const aer_params& c) const {
        key("version", std::to_string(c.version));
        using reg = uint32_t aer_params::*;
        static const std::pair<const char*, reg> regs[] = {
            {"uncorrectable_supported", &aer_params::uncorrectable_supported},
            {"uncorrectable_mask", &aer_params::uncorrectable_mask},
            {"uncorrectable_severity", &aer_params::uncorrectable_severity},
            {"correctable_supported", &aer_params::correctable_supported},
            {"correctable_mask", &aer_params::correctable_mask},
            {"capabilities", &aer_params::capabilities}};
        for (const auto& [name, member] : regs) {
            key(name, hex(c.*member, 8));
        }
    }
    void operator()(const ari_params& c) const {
        key("next_function", std::to_string(c.next_function));
    }
    void operator()(const sriov_params&) const {}
    void operator()(const ats_params& c) const {
        key("invalidate_queue_depth", std::to_string(c.invalidate_queue_depth));
        key("page_aligned_request", boolean(c.page_aligned_request));
        key("global_invalidate", boolean(c.global_invalidate));
    }
    void operator()(const acs_params& c) const { key("capability", hex(c.capability, 4)); }
    void operator()(const dsn_params& c) const {
        // TOML integers stop at 2^63 - 1: larger serial numbers are strings.
        key("serial_number", c.serial_number >> 63 ? "\"" + hex(c.serial_number, 16) + "\""
                                                   : hex(c.serial_number, 16));
    }
};

class writer {
public:
    explicit writer(bool several) : pf_header_(several ? "[[pf]]" : "[pf]") {}

    std::string& text() { return out_; }

    void line(const std::string& s = "") {
        out_ += s;
        out_ += '\n';
    }
    void key(const char* name, const std::string& value) {
        fmt::format_to(std::back_inserter(out_), "{} = {}\n", name, value);
    }

    void pf(const device_description& d, const imported_pf& imported) {
        const pf_description& p = imported.pf;
        line();
        line("# From " + imported.source);
        line(pf_header_);
        key("rid", quoted(to_string(routing_id{p.pf_rid})));
        key("vendor_id", hex(p.vendor_id, 4));
        key("device_id", hex(p.device_id, 4));
        key("revision_id", hex(p.revision_id, 2));
        key("class_code", hex(p.class_code, 6));
        key("subsystem_vendor_id", hex(p.subsys_vendor_id, 4));
        key("subsystem_id", hex(p.subsys_id, 4));
        line();
        bars("[pf.bars]", p.pf_bars);
        capabilities("[[pf.capability]]", p.pf_capabilities, p.pf_msix_vectors);
        line("[pf.sriov]");
        key("total_vfs", std::to_string(p.total_vfs));
        key("initial_vfs", std::to_string(p.initial_vfs));
        key("first_vf_offset", hex(p.first_vf_offset, 1));
        key("vf_stride", std::to_string(p.vf_stride));
        key("offset_stride", "\"fixed\"");
        key("vf_device_id", hex(p.vf_device_id, 4));
        key("supported_page_sizes", hex(p.supported_page_sizes, 1));
        key("migration_capable", boolean(p.migration_capable));
        key("function_dependency_link", std::to_string(function_dependency_link(d, p)));
        line();
        bars("[pf.sriov.vf_bars]", p.vf_bars);
        for (const std::string& v : imported.vf_sources) {
            line("# VF from " + v);
        }
        line("[pf.vf]");
        key("class_code", hex(p.vf_class_code, 6));
        key("subsystem_id", hex(p.vf_subsys_id, 4));
        line();
        capabilities("[[pf.vf.capability]]", p.vf_capabilities, p.vf_msix_vectors);
    }

private:
    void bars(const char* header, const std::array<bar_spec, 6>& bars) {
        line(header);
        for (unsigned i = 0; i < 6; ++i) {
            const bar_spec& b = bars[i];
            if (b.kind == bar_kind::none) {
                continue;
            }
            fmt::format_to(std::back_inserter(out_), "bar{} = {{ kind = \"{}\", size = {}{} }}\n",
                           i, to_string(b.kind), size_text(b.size),
                           b.kind == bar_kind::io
                               ? ""
                               : std::string(", prefetchable = ") + boolean(b.prefetchable));
        }
        line();
    }

    void capabilities(const char* header, const std::vector<capability>& list,
                      uint16_t msix_vectors) {
        for (const capability& c : list) {
            line(header);
            key("type", quoted(to_string(c.kind())));
            key("offset", hex(c.offset, c.offset >= reg::ext_cap_start ? 3 : 2));
            std::visit(capability_keys{out_, msix_vectors}, c.params);
            line();
        }
    }

    const char* pf_header_;
    std::string out_;
};

} // namespace

std::string write_device_description(const import_result& device,
                                     const std::vector<std::string>& inputs) {
    writer w(device.pfs.size() > 1);
    w.line("# Device description imported by sriov-sim --import-dump from:");
    for (const std::string& in : inputs) {
        w.line("#   " + in);
    }
    w.line("# Every read-only byte of the dumped functions reads back the same from the model");
    w.line("# (docs/device-description.md, \"Importing a device\"). Live register contents");
    w.line("# (Command, RW1C status bits, BAR and VF BAR addresses, MSI/MSI-X and SR-IOV");
    w.line("# control, NumVFs, System Page Size, AER status and header log, Link Status) are");
    w.line("# not the device's: the model resets them. [timing] is not in a dump: built-in.");
    for (const std::string& n : device.notes) {
        w.line("# Note: " + n);
    }
    for (const imported_pf& pf : device.pfs) {
        for (const std::string& n : pf.notes) {
            w.line("# Note: " + n);
        }
    }
    const pf_description& first = device.device.pfs.front();
    w.line();
    w.line("[device]");
    const std::string& title = device.pfs.front().title;
    w.key("name", quoted(!title.empty() ? title
                                        : fmt::format("{:04x}:{:04x} imported from a dump",
                                                      first.vendor_id, first.device_id)));
    w.line();
    w.line("[link]");
    w.key("gen", std::to_string(device.device.link_gen));
    w.key("width", std::to_string(device.device.link_width));
    for (const imported_pf& pf : device.pfs) {
        w.pf(device.device, pf);
    }
    return std::move(w.text());
}

} // namespace sriov::config
