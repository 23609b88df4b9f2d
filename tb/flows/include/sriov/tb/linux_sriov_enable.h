// The Linux kernel's SR-IOV bring-up (drivers/pci/probe.c + iov.c) as config
// accesses from the host CPU: wait for readiness after reset, find the
// SR-IOV and ARI capabilities by walking the capability lists, read the root
// port's bus numbers and, for an ARI device below a port that supports it,
// set ARI Forwarding Enable there (pci_configure_ari) and ARI Capable
// Hierarchy in the PF (sriov_init), read
// TotalVFs/InitialVFs, set System Page Size, size the VF BARs, write NumVFs,
// read First VF Offset and VF Stride, program VF BAR addresses, set VF Enable
// and VF MSE, wait 100 ms, then read each VF's header.
#pragma once

#include "sriov/tb/host_cpu.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace sriov::tb {

struct vf_bar_info {
    unsigned index = 0;
    bool is64 = false;
    bool prefetchable = false;
    uint64_t size = 0;
    uint64_t base = 0; // VF 0's address; VF k at base + k * size
};

struct function_report {
    routing_id rid;
    bool is_vf = false;
    uint16_t vf_index = 0;
    uint32_t id_dw = 0; // DW 0 as read (VFs: 0xFFFFFFFF)
    uint16_t command = 0;
    uint16_t status = 0;
    uint32_t class_code = 0;
    uint16_t msix_ctrl = 0;
    uint16_t dev_ctrl = 0;
    uint16_t link_status = 0;
};

struct enable_report {
    routing_id pf; // the PF the sequence ran on
    bool ok = false;
    std::string error; // what failed, when !ok
    uint16_t sriov_cap = 0;
    uint16_t ari_cap = 0;
    bool ari_forwarding = false; // set in the root port (pci_configure_ari)
    uint8_t subordinate_bus = 0; // the root port's, as enumeration found it
    uint16_t total_vfs = 0;
    uint16_t initial_vfs = 0;
    uint16_t num_vfs = 0;
    uint16_t first_vf_offset = 0;
    uint16_t vf_stride = 0;
    uint16_t vf_device_id = 0;
    uint32_t supported_page_sizes = 0;
    uint32_t system_page_size = 0;
    uint16_t sriov_ctrl = 0;
    std::vector<vf_bar_info> vf_bars;
    std::vector<function_report> functions; // PF first, then VF 0..NumVFs-1
    uint64_t cfg_write_latency_ps = 0;      // one isolated CfgWr0 round trip (NumVFs write)
    unsigned config_accesses = 0;
};

struct enable_options {
    routing_id pf;
    routing_id root_port{0x0000}; // the bridge above the PF (the PF's bus->self)
    uint16_t num_vfs = 4;
    bool pci_noari = false;               // the kernel's pci=noari: ARI left alone
    uint64_t vf_bar_window = 0xE000'0000; // where VF BARs are placed (one not fitting is an error)
    sc_core::sc_time reset_wait = sc_core::sc_time(100, sc_core::SC_MS);
    sc_core::sc_time vf_enable_wait = sc_core::sc_time(100, sc_core::SC_MS);
};

// Runs the sequence on PF opt.pf; call from an SC_THREAD.
enable_report linux_sriov_enable(host_cpu& cpu, const enable_options& opt);

// The whole device as Linux scans it (probe.c pci_scan_slot / next_fn):
// function opt.pf (function 0) with the sequence above, its Header Type,
// then the functions after it (the ARI Next Function chain when ARI
// Forwarding is enabled, else functions 1-7 when function 0 has the
// Multi-Function bit) and the sequence on each PF found, NumVFs = opt.num_vfs
// on each, each PF's VF BARs above the previous one's. One report per PF in
// scan order; the scan stops at the first PF that fails.
std::vector<enable_report> linux_enable_device(host_cpu& cpu, const enable_options& opt);

// The report as a person wants to read it.
std::string format_report(const enable_report& r, uint16_t vendor_id);

} // namespace sriov::tb
