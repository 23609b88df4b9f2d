#include "sriov/tb/linux_sriov_enable.h"

#include "sriov/pcie/registers.h"

#include <cstdio>
#include <sstream>

namespace sriov::tb {

namespace {

// SR-IOV register offsets relative to the capability (Linux pci_regs.h PCI_SRIOV_*).
constexpr uint16_t rel(uint16_t absolute) {
    return static_cast<uint16_t>(absolute - reg::sriov_header);
}

struct flow {
    host_cpu& cpu;
    enable_report& rep;

    uint32_t rd(routing_id fn, uint16_t off, unsigned len) {
        ++rep.config_accesses;
        const cfg_result r = cpu.read(fn, off, len);
        if (!r.ok() && rep.error.empty()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "config read %s+0x%03x failed (%s)",
                          to_string(fn).c_str(), off, to_string(r.failed_status));
            rep.error = buf;
        }
        return r.value;
    }
    cfg_result wr(routing_id fn, uint16_t off, unsigned len, uint32_t v) {
        ++rep.config_accesses;
        const cfg_result r = cpu.write(fn, off, len, v);
        if (!r.ok() && rep.error.empty()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "config write %s+0x%03x failed (%s)",
                          to_string(fn).c_str(), off, to_string(r.failed_status));
            rep.error = buf;
        }
        return r;
    }

    // pci_find_capability: walk the list from the Capabilities Pointer.
    uint16_t find_cap(routing_id fn, uint8_t id) {
        uint8_t pos = static_cast<uint8_t>(rd(fn, reg::cap_ptr, 1) & 0xFC);
        for (int ttl = 48; pos != 0 && ttl > 0; --ttl) {
            const uint32_t hdr = rd(fn, pos, 2);
            if ((hdr & 0xFF) == id) {
                return pos;
            }
            pos = static_cast<uint8_t>((hdr >> 8) & 0xFC);
        }
        return 0;
    }

    // pci_find_ext_capability: walk the extended list from 0x100.
    uint16_t find_ext_cap(routing_id fn, uint16_t id) {
        uint16_t pos = reg::ext_cap_start;
        for (int ttl = (reg::config_space_size - reg::ext_cap_start) / 8; ttl > 0; --ttl) {
            const uint32_t hdr = rd(fn, pos, 4);
            if (hdr == 0 || hdr == 0xFFFFFFFF) {
                return 0;
            }
            if ((hdr & 0xFFFF) == id) {
                return pos;
            }
            pos = static_cast<uint16_t>((hdr >> 20) & 0xFFC);
            if (pos < reg::ext_cap_start) {
                return 0;
            }
        }
        return 0;
    }

    function_report read_function(routing_id fn, bool is_vf, uint16_t k) {
        function_report f;
        f.rid = fn;
        f.is_vf = is_vf;
        f.vf_index = k;
        f.id_dw = rd(fn, reg::vendor_id, 4);
        f.command = static_cast<uint16_t>(rd(fn, reg::command, 2));
        f.status = static_cast<uint16_t>(rd(fn, reg::status, 2));
        f.class_code = rd(fn, reg::revision_id, 4) >> 8;
        if (const uint16_t msix = find_cap(fn, cap_id::msix)) {
            f.msix_ctrl = static_cast<uint16_t>(rd(fn, msix + msix_field::ctrl, 2));
        }
        if (const uint16_t pcie = find_cap(fn, cap_id::pcie)) {
            f.dev_ctrl = static_cast<uint16_t>(rd(fn, pcie + pcie_field::dev_ctrl, 2));
            f.link_status = static_cast<uint16_t>(rd(fn, pcie + pcie_field::link_status, 2));
        }
        return f;
    }
};

} // namespace

enable_report linux_sriov_enable(host_cpu& cpu, const enable_options& opt) {
    enable_report rep;
    flow f{cpu, rep};
    const routing_id pf = opt.pf;

    // PCIe 6.6.1: no config request until 100 ms after reset.
    cpu.delay(opt.reset_wait);
    const uint32_t id = f.rd(pf, reg::vendor_id, 4);
    if ((id & 0xFFFF) == 0xFFFF) {
        rep.error = "no device at " + to_string(pf);
        return rep;
    }
    // Enable memory decoding and bus mastering on the PF (pci_enable_device + set_master).
    f.wr(pf, reg::command, 2, bits::command_mem | bits::command_bus_master);

    rep.sriov_cap = f.find_ext_cap(pf, ext_cap_id::sriov);
    rep.ari_cap = f.find_ext_cap(pf, ext_cap_id::ari);
    if (rep.sriov_cap == 0) {
        rep.error = "no SR-IOV capability on " + to_string(pf);
        return rep;
    }
    const uint16_t cap = rep.sriov_cap;
    auto at = [cap](uint16_t absolute) { return static_cast<uint16_t>(cap + rel(absolute)); };

    // sriov_init(): VF Enable must be clear, then read the fixed fields.
    uint16_t ctrl = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_ctrl), 2));
    if ((ctrl & bits::sriov_ctrl_vf_enable) != 0) {
        f.wr(pf, at(reg::sriov_ctrl), 2, 0);
        cpu.delay(sc_core::sc_time(1, sc_core::SC_SEC)); // Linux waits 1 s after clearing VFE
        ctrl = 0;
    }
    if (opt.ari_capable_hierarchy) {
        ctrl |= bits::sriov_ctrl_ari_capable;
        f.wr(pf, at(reg::sriov_ctrl), 2, ctrl);
    }
    rep.total_vfs = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_total_vfs), 2));
    rep.initial_vfs = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_initial_vfs), 2));
    rep.supported_page_sizes = f.rd(pf, at(reg::sriov_supported_page_sizes), 4);
    // 4 KiB pages: System Page Size bit 0 (PAGE_SIZE >> 12).
    f.wr(pf, at(reg::sriov_system_page_size), 4, 0x1);
    rep.system_page_size = f.rd(pf, at(reg::sriov_system_page_size), 4);

    // Size the VF BARs (__pci_read_base): write all-ones, read the mask, restore.
    for (unsigned i = 0; i < 6; ++i) {
        const uint16_t off = at(reg::sriov_vf_bar(i));
        const uint32_t orig = f.rd(pf, off, 4);
        f.wr(pf, off, 4, 0xFFFFFFFF);
        const uint32_t mask = f.rd(pf, off, 4);
        f.wr(pf, off, 4, orig);
        if (mask == 0) {
            continue;
        }
        vf_bar_info b;
        b.index = i;
        b.is64 = (mask & 0x6) == bits::bar_mem64;
        b.prefetchable = (mask & bits::bar_prefetchable) != 0;
        uint64_t full = mask & 0xFFFFFFF0u;
        if (b.is64 && i < 5) {
            const uint16_t hi = at(reg::sriov_vf_bar(i + 1));
            const uint32_t orig_hi = f.rd(pf, hi, 4);
            f.wr(pf, hi, 4, 0xFFFFFFFF);
            full |= static_cast<uint64_t>(f.rd(pf, hi, 4)) << 32;
            f.wr(pf, hi, 4, orig_hi);
            ++i;
        } else {
            full |= 0xFFFFFFFF00000000ull;
        }
        b.size = ~full + 1;
        rep.vf_bars.push_back(b);
    }

    // sriov_enable(): NumVFs first (offset and stride may depend on it).
    const cfg_result w = f.wr(pf, at(reg::sriov_num_vfs), 2, opt.num_vfs);
    rep.cfg_write_latency_ps = w.latency_ps;
    rep.num_vfs = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_num_vfs), 2));
    rep.first_vf_offset = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_vf_offset), 2));
    rep.vf_stride = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_vf_stride), 2));
    rep.vf_device_id = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_vf_device_id), 2));

    // Place the VF BARs one after the other in the window, each aligned to its total size.
    uint64_t next = opt.vf_bar_window;
    for (auto& b : rep.vf_bars) {
        const uint64_t total = b.size * (opt.num_vfs == 0 ? 1 : opt.num_vfs);
        uint64_t align = 1;
        while (align < total) {
            align <<= 1;
        }
        next = (next + align - 1) & ~(align - 1);
        b.base = next;
        next += total;
        f.wr(pf, at(reg::sriov_vf_bar(b.index)), 4, static_cast<uint32_t>(b.base));
        if (b.is64) {
            f.wr(pf, at(reg::sriov_vf_bar(b.index + 1)), 4, static_cast<uint32_t>(b.base >> 32));
        }
    }

    ctrl |= bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse;
    f.wr(pf, at(reg::sriov_ctrl), 2, ctrl);
    rep.sriov_ctrl = static_cast<uint16_t>(f.rd(pf, at(reg::sriov_ctrl), 2));
    if ((rep.sriov_ctrl & bits::sriov_ctrl_vf_enable) == 0) {
        rep.error = "VF Enable did not take effect (NumVFs " + std::to_string(rep.num_vfs) +
                    ", TotalVFs " + std::to_string(rep.total_vfs) + ")";
        return rep;
    }
    cpu.delay(opt.vf_enable_wait); // SR-IOV 3.3.3.1: 100 ms before the VFs answer

    rep.functions.push_back(f.read_function(pf, false, 0));
    for (uint16_t k = 0; k < rep.num_vfs; ++k) {
        const uint16_t stride = rep.num_vfs > 1 ? rep.vf_stride : 0;
        const routing_id vf(static_cast<uint16_t>(pf.value + rep.first_vf_offset + k * stride));
        rep.functions.push_back(f.read_function(vf, true, k));
    }
    rep.ok = rep.error.empty();
    return rep;
}

std::string format_report(const enable_report& r, uint16_t vendor_id) {
    std::ostringstream os;
    char line[256];
    if (r.functions.empty()) {
        return "no functions enumerated\n";
    }
    const function_report& pf = r.functions.front();
    std::snprintf(line, sizeof line,
                  "PF  %s [%04x:%04x] class %06x  Command %04x  DevCtl %04x  Link Gen%u x%u\n",
                  to_string(pf.rid).c_str(), pf.id_dw & 0xFFFF, pf.id_dw >> 16, pf.class_code,
                  pf.command, pf.dev_ctrl, pf.link_status & 0xF, (pf.link_status >> 4) & 0x3F);
    os << line;
    std::snprintf(line, sizeof line,
                  "    SR-IOV @0x%03x: TotalVFs %u InitialVFs %u NumVFs %u  First VF Offset %u  "
                  "VF Stride %u  VF Device ID %04x\n",
                  r.sriov_cap, r.total_vfs, r.initial_vfs, r.num_vfs, r.first_vf_offset,
                  r.vf_stride, r.vf_device_id);
    os << line;
    std::snprintf(
        line, sizeof line,
        "    Control %04x (VF Enable %u, VF MSE %u, ARI %u)  Page sizes %08x, system %08x\n",
        r.sriov_ctrl, r.sriov_ctrl & 1u, (r.sriov_ctrl >> 3) & 1u, (r.sriov_ctrl >> 4) & 1u,
        r.supported_page_sizes, r.system_page_size);
    os << line;
    for (const auto& b : r.vf_bars) {
        std::snprintf(line, sizeof line, "    VF BAR%u: %s%s, %llu KiB per VF, base 0x%llx\n",
                      b.index, b.is64 ? "64-bit" : "32-bit", b.prefetchable ? " prefetchable" : "",
                      static_cast<unsigned long long>(b.size / 1024),
                      static_cast<unsigned long long>(b.base));
        os << line;
    }
    for (size_t i = 1; i < r.functions.size(); ++i) {
        const function_report& vf = r.functions[i];
        std::snprintf(line, sizeof line,
                      "VF%-3u %s [%04x:%04x] (ID DW reads %08x) class %06x  Command %04x  "
                      "MSI-X %u vectors, ctl %04x  DevCtl %04x",
                      vf.vf_index, to_string(vf.rid).c_str(), vendor_id, r.vf_device_id, vf.id_dw,
                      vf.class_code, vf.command, (vf.msix_ctrl & 0x7FFu) + 1, vf.msix_ctrl,
                      vf.dev_ctrl);
        os << line;
        for (const auto& b : r.vf_bars) {
            std::snprintf(line, sizeof line, "  BAR%u 0x%llx", b.index,
                          static_cast<unsigned long long>(b.base + vf.vf_index * b.size));
            os << line;
        }
        os << '\n';
    }
    return os.str();
}

} // namespace sriov::tb
