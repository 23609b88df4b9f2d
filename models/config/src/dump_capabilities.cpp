// Decoding a dumped function's capability lists (PCI 3.0 6.7 from the
// Capabilities Pointer, PCIe Base 7.6.3 from 0x100) into the description's
// capability entries: the inverse of the builders (capabilities*.cpp).
#include "dump_decode.h"

#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include <fmt/format.h>

#include <set>

namespace sriov::config::dump {

std::string function_bytes::at() const {
    return f.where + ": " + to_string(routing_id{f.rid}) + ": ";
}

namespace {

// Names of capabilities the schema has no type for (PCI Code and ID Assignment spec).
std::string standard_name(uint8_t id) {
    switch (id) {
    case 0x03:
        return " (VPD)";
    case 0x0D:
        return " (bridge subsystem ID)";
    case 0x12:
        return " (SATA)";
    case 0x13:
        return " (Advanced Features)";
    case 0x14:
        return " (Enhanced Allocation)";
    default:
        return "";
    }
}

std::string extended_name(uint16_t id) {
    switch (id) {
    case 0x0002:
    case 0x0009:
        return " (Virtual Channel)";
    case 0x0004:
        return " (Power Budgeting)";
    case 0x0013:
        return " (PRI)";
    case 0x0015:
        return " (Resizable BAR)";
    case 0x0017:
        return " (TPH Requester)";
    case 0x0018:
        return " (LTR)";
    case 0x0019:
        return " (Secondary PCI Express)";
    case 0x001B:
        return " (PASID)";
    case 0x001E:
        return " (L1 PM Substates)";
    case 0x001F:
        return " (PTM)";
    case 0x0023:
        return " (DVSEC)";
    default:
        return "";
    }
}

std::vector<uint8_t> bytes_of(const function_bytes& fn, unsigned from, unsigned to) {
    std::vector<uint8_t> out;
    for (unsigned off = from; off < to; ++off) {
        out.push_back(fn.b(off));
    }
    return out;
}

class decoder {
public:
    decoder(const function_bytes& fn, uint16_t& msix_vectors, bool allow,
            std::vector<std::string>& notes)
        : fn_(fn), msix_vectors_(msix_vectors), allow_(allow), notes_(notes) {}

    std::vector<capability> run() {
        standard();
        if (fn_.f.bytes.size() == reg::config_space_size) {
            extended();
        }
        return std::move(list_);
    }

private:
    [[noreturn]] void fail(const std::string& reason) const {
        throw import_error(fn_.at() + reason);
    }

    // A capability the schema cannot hold: refused, or left out with a note.
    void unknown(const std::string& what, uint16_t offset) {
        const std::string text = fmt::format(
            "{} at 0x{:03X} has no type in the device description schema, which cannot hold "
            "it as raw bytes either (vendor_specific entries have their own ID)",
            what, offset);
        if (!allow_) {
            fail(text + "; --allow-differences leaves it out");
        }
        notes_.push_back(to_string(routing_id{fn_.f.rid}) + ": " + text + ": left out");
    }

    void standard() {
        std::set<unsigned> seen;
        for (unsigned pos = fn_.b(reg::cap_ptr) & 0xFCu; pos != 0;) {
            if (pos < reg::std_cap_start) {
                fail(fmt::format("capability pointer 0x{:02X} points into the header (below 0x40)",
                                 pos));
            }
            if (!seen.insert(pos).second) {
                fail(fmt::format("the standard capability list loops back to 0x{:02X}", pos));
            }
            const uint8_t id = fn_.b(pos);
            const unsigned next = fn_.b(pos + cap_field::next) & 0xFCu;
            standard_entry(id, static_cast<uint16_t>(pos));
            pos = next;
        }
    }

    void standard_entry(uint8_t id, uint16_t pos) {
        capability c;
        c.offset = pos;
        switch (id) {
        case cap_id::pm:
            c.params = pm_params{fn_.w(pos + pm_field::pmc),
                                 (fn_.w(pos + pm_field::pmcsr) & bits::pmcsr_no_soft_reset) != 0};
            break;
        case cap_id::msi: {
            const uint16_t ctrl = fn_.w(pos + msi_field::ctrl);
            c.params = msi_params{
                (ctrl & bits::msi_ctrl_64bit) != 0, (ctrl & bits::msi_ctrl_per_vector_mask) != 0,
                static_cast<uint8_t>((ctrl & bits::msi_ctrl_mmc) >> bits::msi_ctrl_mmc_shift)};
            break;
        }
        case cap_id::msix:
            c.params = msix(pos);
            break;
        case cap_id::pcie:
            c.params = pcie(pos);
            break;
        case cap_id::vendor_specific: {
            const unsigned length = fn_.b(pos + vendor_field::length);
            if (length < vendor_field::data || pos + length > reg::ext_cap_start) {
                fail(fmt::format("vendor-specific capability at 0x{:02X}: length {} outside "
                                 "3..0x{:X}",
                                 pos, length, reg::ext_cap_start - pos));
            }
            vendor_specific_params v;
            v.bytes = bytes_of(fn_, pos + vendor_field::data, pos + length);
            c.params = v;
            break;
        }
        default:
            unknown(fmt::format("standard capability ID 0x{:02X}{}", id, standard_name(id)), pos);
            return;
        }
        list_.push_back(std::move(c));
    }

    msix_params msix(uint16_t pos) {
        msix_vectors_ =
            static_cast<uint16_t>((fn_.w(pos + msix_field::ctrl) & bits::msix_ctrl_table_size) + 1);
        const uint32_t table = fn_.dw(pos + msix_field::table);
        const uint32_t pba = fn_.dw(pos + msix_field::pba);
        return msix_params{static_cast<uint8_t>(table & bits::msix_bir), table & ~bits::msix_bir,
                           static_cast<uint8_t>(pba & bits::msix_bir), pba & ~bits::msix_bir};
    }

    pcie_params pcie(uint16_t pos) const {
        pcie_params p;
        p.device_capabilities = fn_.dw(pos + pcie_field::dev_cap);
        // The live value: the reset value the dump shows, or what software wrote.
        p.device_control =
            static_cast<uint16_t>(fn_.w(pos + pcie_field::dev_ctrl) & ~bits::dev_ctrl_initiate_flr);
        p.link_capabilities = fn_.dw(pos + pcie_field::link_cap) & ~bits::link_cap_speed_width;
        p.slot_clock = (fn_.w(pos + pcie_field::link_status) & bits::link_status_slot_clock) != 0;
        p.device_capabilities2 = fn_.dw(pos + pcie_field::dev_cap2);
        p.link_capabilities2 = fn_.dw(pos + pcie_field::link_cap2) & ~bits::link_cap2_speeds;
        return p;
    }

    void extended() {
        std::set<unsigned> seen;
        for (unsigned pos = reg::ext_cap_start; pos != 0;) {
            const uint32_t header = fn_.dw(pos);
            if (pos == reg::ext_cap_start && (header == 0 || header == 0xFFFFFFFFu)) {
                return; // no extended capability
            }
            if (!seen.insert(pos).second) {
                fail(fmt::format("the extended capability list loops back to 0x{:03X}", pos));
            }
            const unsigned next = (header >> ext_cap_header::next_shift) & 0xFFCu;
            if (next != 0 && next < reg::ext_cap_start) {
                fail(fmt::format("extended capability at 0x{:03X}: next pointer 0x{:03X} below "
                                 "0x100",
                                 pos, next));
            }
            extended_entry(header, static_cast<uint16_t>(pos));
            pos = next;
        }
    }

    void extended_entry(uint32_t header, uint16_t pos) {
        const uint16_t id = static_cast<uint16_t>(header & ext_cap_header::id_mask);
        capability c;
        c.offset = pos;
        switch (id) {
        case ext_cap_id::aer:
            c.params =
                aer(pos, static_cast<uint8_t>((header >> ext_cap_header::version_shift) & 0xFu));
            break;
        case ext_cap_id::dsn:
            c.params = dsn_params{uint64_t{fn_.dw(pos + dsn_field::serial_low)} |
                                  uint64_t{fn_.dw(pos + dsn_field::serial_high)} << 32};
            break;
        case ext_cap_id::vendor_specific:
            c.params = vsec(pos);
            break;
        case ext_cap_id::acs:
            c.params = acs_params{fn_.w(pos + acs_field::cap)};
            break;
        case ext_cap_id::ari:
            c.params = ari_params{static_cast<uint8_t>(fn_.w(pos + ari_field::cap) >>
                                                       bits::ari_cap_next_function_shift)};
            break;
        case ext_cap_id::ats: {
            const uint16_t cap = fn_.w(pos + ats_field::cap);
            c.params = ats_params{static_cast<uint8_t>(cap & bits::ats_cap_queue_depth),
                                  (cap & bits::ats_cap_page_aligned) != 0,
                                  (cap & bits::ats_cap_global_invalidate) != 0};
            break;
        }
        case ext_cap_id::sriov:
            c.params = sriov_params{}; // its registers are the profile's (dump_import.cpp)
            break;
        default:
            unknown(fmt::format("extended capability ID 0x{:04X}{}", id, extended_name(id)), pos);
            return;
        }
        list_.push_back(std::move(c));
    }

    // Supported errors are the RW bits of mask and severity: a dump does not
    // show them. The built-in set is kept, widened by the bits the dump sets.
    aer_params aer(uint16_t pos, uint8_t version) const {
        aer_params a;
        a.version = version;
        a.uncorrectable_mask = fn_.dw(pos + aer_field::uncor_mask);
        a.uncorrectable_severity = fn_.dw(pos + aer_field::uncor_severity);
        a.uncorrectable_supported |= a.uncorrectable_mask | a.uncorrectable_severity;
        a.correctable_mask = fn_.dw(pos + aer_field::cor_mask);
        a.correctable_supported |= a.correctable_mask;
        const uint32_t capable = bits::aer_ecrc_gen_capable | bits::aer_ecrc_check_capable |
                                 bits::aer_multiple_header_capable |
                                 bits::aer_tlp_prefix_log_present |
                                 bits::aer_cto_prefix_log_capable;
        a.capabilities = fn_.dw(pos + aer_field::cap_ctrl) & capable;
        return a;
    }

    vendor_specific_ext_params vsec(uint16_t pos) const {
        const uint32_t h = fn_.dw(pos + vsec_field::vsec_header);
        const unsigned length = h >> bits::vsec_length_shift;
        if (length < vsec_field::data || pos + length > reg::config_space_size) {
            fail(fmt::format("vendor-specific extended capability at 0x{:03X}: VSEC Length {} "
                             "outside 8..0x{:X}",
                             pos, length, reg::config_space_size - pos));
        }
        vendor_specific_ext_params v;
        v.vsec_id = static_cast<uint16_t>(h & ext_cap_header::id_mask);
        v.vsec_rev = static_cast<uint8_t>((h >> ext_cap_header::version_shift) & 0xFu);
        v.bytes = bytes_of(fn_, pos + vsec_field::data, pos + length);
        return v;
    }

    const function_bytes& fn_;
    uint16_t& msix_vectors_;
    bool allow_;
    std::vector<std::string>& notes_;
    std::vector<capability> list_;
};

} // namespace

std::vector<capability> decode_capabilities(const function_bytes& fn, uint16_t& msix_vectors,
                                            bool allow_differences,
                                            std::vector<std::string>& notes) {
    return decoder(fn, msix_vectors, allow_differences, notes).run();
}

} // namespace sriov::config::dump
