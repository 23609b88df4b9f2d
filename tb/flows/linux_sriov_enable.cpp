#include "sriov/tb/linux_sriov_enable.h"

#include "sriov/pcie/capability_walk.h"
#include "sriov/pcie/registers.h"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <iterator>
#include <optional>
#include <vector>

namespace sriov::tb {

namespace {

constexpr uint32_t bar_type_mask = 0x6; // BAR bits 2:1: memory type (32/64-bit)

// `bytes` at or above `from`, aligned to the power of two >= bytes, ending at
// or below `top`: the base in `base`, false when that is impossible (the
// alignment is bounded: a power of two above 2^63 does not exist in 64 bits).
bool aperture_base(uint64_t from, uint64_t bytes, uint64_t top, uint64_t& base) {
    if (bytes == 0 || bytes > (uint64_t{1} << 63)) {
        return false;
    }
    unsigned shift = 0;
    while (shift < 63 && (uint64_t{1} << shift) < bytes) {
        ++shift;
    }
    const uint64_t mask = (uint64_t{1} << shift) - 1;
    if (mask > top || from > top - mask) {
        return false;
    }
    base = (from + mask) & ~mask;
    return bytes - 1 <= top - base;
}

// The sequence's state: the CPU, the report it fills and the PF's SR-IOV capability.
struct flow {
    host_cpu& cpu;
    enable_report& rep;
    routing_id pf;

    uint32_t rd(routing_id fn, uint16_t off, unsigned len) {
        uint32_t v = 0;
        read(fn, off, len, v);
        return v;
    }
    // The read's value in `v`; false (the report's error if first) when it failed.
    bool read(routing_id fn, uint16_t off, unsigned len, uint32_t& v) {
        ++rep.config_accesses;
        const cfg_result r = cpu.read(fn, off, len);
        note_failure(r, "read", fn, off);
        v = r.value;
        return r.ok();
    }
    cfg_result wr(routing_id fn, uint16_t off, unsigned len, uint32_t v) {
        ++rep.config_accesses;
        const cfg_result r = cpu.write(fn, off, len, v);
        note_failure(r, "write", fn, off);
        return r;
    }
    // The first failed access is the report's error.
    void note_failure(const cfg_result& r, const char* what, routing_id fn, uint16_t off) {
        if (!r.ok() && rep.error.empty()) {
            rep.error = fmt::format("config {} {}+0x{:03x} failed ({})", what, to_string(fn), off,
                                    to_string(r.failed_status));
        }
    }
    // A register of the PF's SR-IOV capability (sriov_field, Linux pci_regs.h
    // PCI_SRIOV_*), wherever the walk found it.
    uint16_t at(uint16_t field) const { return static_cast<uint16_t>(rep.sriov_cap + field); }

    // The walk's reads; a failed one (the report's error if first) ends the walk.
    auto reader(routing_id fn) {
        return
            [this, fn](uint16_t off, unsigned len, uint32_t& v) { return read(fn, off, len, v); };
    }

    // pci_find_capability / pci_find_ext_capability: walk the lists.
    uint16_t find_cap(routing_id fn, uint8_t id) { return find_capability(reader(fn), id); }
    uint16_t find_ext_cap(routing_id fn, uint16_t id) {
        return find_ext_capability(reader(fn), id);
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

    // The PF answers: enable it (pci_enable_device + set_master) and find its
    // SR-IOV and ARI capabilities. False (with the error) otherwise.
    bool probe_pf() {
        const uint32_t id = rd(pf, reg::vendor_id, 4);
        if ((id & 0xFFFF) == 0xFFFF) {
            rep.error = "no device at " + to_string(pf);
            return false;
        }
        wr(pf, reg::command, 2, bits::command_mem | bits::command_bus_master);
        rep.sriov_cap = find_ext_cap(pf, ext_cap_id::sriov);
        rep.ari_cap = find_ext_cap(pf, ext_cap_id::ari);
        if (rep.sriov_cap == 0) {
            rep.error = "no SR-IOV capability on " + to_string(pf);
            return false;
        }
        return true;
    }

    // pci_scan_bridge(): the port's bus numbers (one DW from Primary Bus),
    // then pci_configure_ari() for the PF (device 0 of the secondary bus):
    // ARI Forwarding Enable when the port supports it and the PF has ARI.
    void configure_ari(const enable_options& opt) {
        const routing_id rp = opt.root_port;
        rep.subordinate_bus = static_cast<uint8_t>(rd(rp, rp_reg::primary_bus, 4) >> 16);
        const uint16_t exp = find_cap(rp, cap_id::pcie);
        if (opt.pci_noari || exp == 0 || pf.ari_function() != 0) { // dev->devfn != 0
            return;
        }
        const uint32_t cap2 = rd(rp, exp + pcie_field::dev_cap2, 4);
        if ((cap2 & bits::dev_cap2_ari_forwarding) == 0) {
            return;
        }
        // pcie_capability_set_word / clear_word: read, modify, write.
        const uint16_t ctl2 = static_cast<uint16_t>(rd(rp, exp + pcie_field::dev_ctrl2, 2));
        rep.ari_forwarding = rep.ari_cap != 0;
        const uint16_t want = rep.ari_forwarding ? ctl2 | bits::dev_ctrl2_ari_forwarding
                                                 : ctl2 & ~bits::dev_ctrl2_ari_forwarding;
        if (want != ctl2) {
            wr(rp, exp + pcie_field::dev_ctrl2, 2, want);
        }
    }

    // sriov_init(): VF Enable must be clear, then read the fixed fields and
    // set the System Page Size. Returns the SR-IOV Control value in use.
    uint16_t init_sriov() {
        uint16_t ctrl = static_cast<uint16_t>(rd(pf, at(sriov_field::ctrl), 2));
        if ((ctrl & bits::sriov_ctrl_vf_enable) != 0) {
            wr(pf, at(sriov_field::ctrl), 2, 0);
            cpu.delay(sc_core::sc_time(1, sc_core::SC_SEC)); // Linux waits 1 s after clearing VFE
            ctrl = 0;
        }
        if (rep.ari_forwarding) { // pci_ari_enabled(dev->bus)
            ctrl |= bits::sriov_ctrl_ari_capable;
            wr(pf, at(sriov_field::ctrl), 2, ctrl);
        }
        rep.total_vfs = static_cast<uint16_t>(rd(pf, at(sriov_field::total_vfs), 2));
        rep.initial_vfs = static_cast<uint16_t>(rd(pf, at(sriov_field::initial_vfs), 2));
        rep.supported_page_sizes = rd(pf, at(sriov_field::supported_page_sizes), 4);
        // 4 KiB pages: System Page Size bit 0 (PAGE_SIZE >> 12).
        wr(pf, at(sriov_field::system_page_size), 4, 0x1);
        rep.system_page_size = rd(pf, at(sriov_field::system_page_size), 4);
        return ctrl;
    }

    // __pci_read_base: write all-ones, read the mask back, restore.
    uint32_t size_mask(uint16_t off) {
        const uint32_t orig = rd(pf, off, 4);
        wr(pf, off, 4, 0xFFFFFFFF);
        const uint32_t mask = rd(pf, off, 4);
        wr(pf, off, 4, orig);
        return mask;
    }

    void size_vf_bars() {
        for (unsigned i = 0; i < 6; ++i) {
            const uint32_t mask = size_mask(at(sriov_field::vf_bar(i)));
            if (mask == 0) {
                continue;
            }
            vf_bar_info b;
            b.index = i;
            b.is64 = (mask & bar_type_mask) == bits::bar_mem64;
            b.prefetchable = (mask & bits::bar_prefetchable) != 0;
            uint64_t full = mask & 0xFFFFFFF0u;
            if (b.is64 && i < 5) {
                full |= static_cast<uint64_t>(size_mask(at(sriov_field::vf_bar(i + 1)))) << 32;
                ++i;
            } else {
                full |= 0xFFFFFFFF00000000ull;
            }
            b.size = ~full + 1;
            rep.vf_bars.push_back(b);
        }
    }

    // sriov_enable(): NumVFs first (offset and stride may depend on it).
    void set_num_vfs(uint16_t num_vfs) {
        const cfg_result w = wr(pf, at(sriov_field::num_vfs), 2, num_vfs);
        rep.cfg_write_latency_ps = w.latency_ps;
        rep.num_vfs = static_cast<uint16_t>(rd(pf, at(sriov_field::num_vfs), 2));
        rep.first_vf_offset = static_cast<uint16_t>(rd(pf, at(sriov_field::vf_offset), 2));
        rep.vf_stride = static_cast<uint16_t>(rd(pf, at(sriov_field::vf_stride), 2));
        rep.vf_device_id = static_cast<uint16_t>(rd(pf, at(sriov_field::vf_device_id), 2));
    }

    // sriov_enable(): the last VF's bus must be one the root port forwards.
    bool vf_buses_reachable() {
        if (rep.num_vfs == 0) {
            return true;
        }
        const uint16_t stride = rep.num_vfs > 1 ? rep.vf_stride : 0;
        const unsigned last = pf.value + rep.first_vf_offset + (rep.num_vfs - 1u) * stride;
        const unsigned bus = (last >> 8) & 0xFFu; // pci_iov_virtfn_bus: 8-bit bus
        if (last > 0xFFFFu || bus > rep.subordinate_bus) {
            rep.error =
                fmt::format("can't enable {} VFs (bus {:02x} out of range of [bus {:02x}-{:02x}])",
                            rep.num_vfs, bus, pf.bus(), rep.subordinate_bus);
            return false;
        }
        return true;
    }

    // The VF BARs one after the other in the window, each aligned to its total
    // size rounded up to a power of two; false (with the error) when one does
    // not fit its BAR's address space.
    bool place_vf_bars(const enable_options& opt) {
        std::optional<uint64_t> next = opt.vf_bar_window; // none once the top is used
        const uint64_t n = opt.num_vfs == 0 ? 1 : opt.num_vfs;
        for (auto& b : rep.vf_bars) {
            const uint64_t top = b.is64 ? UINT64_MAX : UINT32_MAX;
            const bool fits =
                next && b.size <= UINT64_MAX / n && aperture_base(*next, b.size * n, top, b.base);
            if (!fits) {
                rep.error =
                    fmt::format("VF BAR{}: NumVFs {} x 0x{:x} bytes does not fit the "
                                "{}-bit address space above 0x{:x}",
                                b.index, n, b.size, b.is64 ? 64 : 32, next.value_or(UINT64_MAX));
                return false;
            }
            const uint64_t end = b.base + (b.size * n - 1);
            next = end == UINT64_MAX ? std::nullopt : std::optional<uint64_t>(end + 1);
            wr(pf, at(sriov_field::vf_bar(b.index)), 4, static_cast<uint32_t>(b.base));
            if (b.is64) {
                wr(pf, at(sriov_field::vf_bar(b.index + 1)), 4,
                   static_cast<uint32_t>(b.base >> 32));
            }
        }
        return true;
    }

    // VF Enable + VF MSE; false (with the error) when VF Enable did not stick.
    bool enable_vfs(uint16_t ctrl) {
        ctrl |= bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse;
        wr(pf, at(sriov_field::ctrl), 2, ctrl);
        rep.sriov_ctrl = static_cast<uint16_t>(rd(pf, at(sriov_field::ctrl), 2));
        if ((rep.sriov_ctrl & bits::sriov_ctrl_vf_enable) == 0) {
            rep.error = fmt::format("VF Enable did not take effect (NumVFs {}, TotalVFs {})",
                                    rep.num_vfs, rep.total_vfs);
            return false;
        }
        return true;
    }

    // The PF and each VF at First VF Offset + k * VF Stride.
    void read_functions() {
        rep.functions.push_back(read_function(pf, false, 0));
        for (uint16_t k = 0; k < rep.num_vfs; ++k) {
            const uint16_t stride = rep.num_vfs > 1 ? rep.vf_stride : 0;
            const routing_id vf(static_cast<uint16_t>(pf.value + rep.first_vf_offset + k * stride));
            rep.functions.push_back(read_function(vf, true, k));
        }
    }
};

// The sequence on PF opt.pf: function 0 after reset, or (fn0 given) another
// PF of the device found by the scan, below the port fn0 configured.
enable_report enable_pf(host_cpu& cpu, const enable_options& opt, const enable_report* fn0) {
    enable_report rep;
    rep.pf = opt.pf;
    flow f{cpu, rep, opt.pf};
    if (fn0 == nullptr) {
        cpu.delay(opt.reset_wait); // PCIe 6.6.1: no config request until 100 ms after reset
    }
    if (!f.probe_pf()) {
        return rep;
    }
    if (fn0 == nullptr) {
        f.configure_ari(opt);
    } else {
        rep.ari_forwarding = fn0->ari_forwarding;
        rep.subordinate_bus = fn0->subordinate_bus;
    }
    const uint16_t ctrl = f.init_sriov();
    f.size_vf_bars();
    f.set_num_vfs(opt.num_vfs);
    if (!f.vf_buses_reachable() || !f.place_vf_bars(opt) || !f.enable_vfs(ctrl)) {
        return rep;
    }
    cpu.delay(opt.vf_enable_wait); // SR-IOV 3.3.3.1: 100 ms before the VFs answer
    f.read_functions();
    rep.ok = rep.error.empty();
    return rep;
}

// The function probe.c's next_fn() scans after `fn`, reading through `f`
// (whose report counts the accesses): with ARI Forwarding the ARI Next
// Function Number of `fn` (0 ends the scan), else with the Multi-Function
// bit in function 0's Header Type the next of functions 1-7.
std::optional<routing_id> next_function(flow& f, routing_id fn, bool ari, bool multi_function) {
    if (ari) {
        const uint16_t cap = f.find_ext_cap(fn, ext_cap_id::ari);
        const uint8_t next = cap == 0 ? 0
                                      : static_cast<uint8_t>(f.rd(fn, cap + ari_field::cap, 2) >>
                                                             bits::ari_cap_next_function_shift);
        if (next <= fn.ari_function()) { // next_ari_fn: the chain only goes up
            return std::nullopt;
        }
        return routing_id(static_cast<uint16_t>((fn.value & 0xFF00u) | next));
    }
    if (!multi_function || (fn.value & 7u) == 7u) {
        return std::nullopt;
    }
    return routing_id(static_cast<uint16_t>(fn.value + 1));
}

// pci_scan_single_device: does `fn` answer (Vendor ID not FFFFh)? A UR is
// how an absent function answers, not a failure of the sequence.
bool function_present(host_cpu& cpu, enable_report& rep, routing_id fn) {
    ++rep.config_accesses;
    const cfg_result r = cpu.read(fn, reg::vendor_id, 2);
    return r.ok() && (r.value & 0xFFFFu) != 0xFFFFu;
}

// Where the next PF's VF BARs go: above everything the previous PF placed.
uint64_t window_after(const enable_report& rep, uint64_t window, uint16_t num_vfs) {
    const uint64_t n = num_vfs == 0 ? 1 : num_vfs;
    for (const vf_bar_info& b : rep.vf_bars) {
        if (b.base != 0 && b.size <= (UINT64_MAX - b.base) / n) {
            window = std::max(window, b.base + b.size * n);
        }
    }
    return window;
}

} // namespace

enable_report linux_sriov_enable(host_cpu& cpu, const enable_options& opt) {
    return enable_pf(cpu, opt, nullptr);
}

std::vector<enable_report> linux_enable_device(host_cpu& cpu, const enable_options& opt) {
    std::vector<enable_report> reps{enable_pf(cpu, opt, nullptr)};
    if (!reps.front().ok) {
        return reps;
    }
    enable_report scanned; // the scan's own accesses, counted in function 0's report
    flow scan{cpu, scanned, opt.pf};
    const bool multi_function =
        (scan.rd(opt.pf, reg::header_type, 1) & bits::header_type_multi_function) != 0;
    enable_options next = opt;
    routing_id fn = opt.pf;
    while (const std::optional<routing_id> candidate =
               next_function(scan, fn, reps.front().ari_forwarding, multi_function)) {
        fn = *candidate;
        if (!function_present(cpu, scanned, fn)) {
            continue;
        }
        next.vf_bar_window = window_after(reps.back(), next.vf_bar_window, opt.num_vfs);
        next.pf = fn;
        reps.push_back(enable_pf(cpu, next, &reps.front()));
        if (!reps.back().ok) {
            break;
        }
    }
    reps.front().config_accesses += scanned.config_accesses;
    if (!scanned.error.empty() && reps.front().error.empty()) {
        reps.front().error = scanned.error;
        reps.front().ok = false;
    }
    return reps;
}

std::string format_report(const enable_report& r, uint16_t vendor_id) {
    if (r.functions.empty()) {
        return "no functions enumerated\n";
    }
    std::string out;
    auto line = std::back_inserter(out);
    const function_report& pf = r.functions.front();
    fmt::format_to(
        line,
        "PF  {} [{:04x}:{:04x}] class {:06x}  Command {:04x}  DevCtl {:04x}  Link Gen{} x{}\n",
        to_string(pf.rid), pf.id_dw & 0xFFFF, pf.id_dw >> 16, pf.class_code, pf.command,
        pf.dev_ctrl, pf.link_status & 0xF, (pf.link_status >> 4) & 0x3F);
    fmt::format_to(line,
                   "    SR-IOV @0x{:03x}: TotalVFs {} InitialVFs {} NumVFs {}  First VF Offset {}  "
                   "VF Stride {}  VF Device ID {:04x}\n",
                   r.sriov_cap, r.total_vfs, r.initial_vfs, r.num_vfs, r.first_vf_offset,
                   r.vf_stride, r.vf_device_id);
    fmt::format_to(
        line,
        "    Control {:04x} (VF Enable {}, VF MSE {}, ARI {})  Page sizes {:08x}, system {:08x}\n",
        r.sriov_ctrl, r.sriov_ctrl & 1u, (r.sriov_ctrl >> 3) & 1u, (r.sriov_ctrl >> 4) & 1u,
        r.supported_page_sizes, r.system_page_size);
    for (const auto& b : r.vf_bars) {
        fmt::format_to(line, "    VF BAR{}: {}{}, {} KiB per VF, base 0x{:x}\n", b.index,
                       b.is64 ? "64-bit" : "32-bit", b.prefetchable ? " prefetchable" : "",
                       b.size / 1024, b.base);
    }
    for (size_t i = 1; i < r.functions.size(); ++i) {
        const function_report& vf = r.functions[i];
        fmt::format_to(
            line,
            "VF{:<3} {} [{:04x}:{:04x}] (ID DW reads {:08x}) class {:06x}  Command {:04x}  "
            "MSI-X {} vectors, ctl {:04x}  DevCtl {:04x}",
            vf.vf_index, to_string(vf.rid), vendor_id, r.vf_device_id, vf.id_dw, vf.class_code,
            vf.command, (vf.msix_ctrl & 0x7FFu) + 1, vf.msix_ctrl, vf.dev_ctrl);
        for (const auto& b : r.vf_bars) {
            fmt::format_to(line, "  BAR{} 0x{:x}", b.index, b.base + vf.vf_index * b.size);
        }
        out += '\n';
    }
    return out;
}

} // namespace sriov::tb
