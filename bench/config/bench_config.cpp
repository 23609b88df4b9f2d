// Scale of the configuration-space model:
//  - enable 4096 VFs and write one register in each: RSS growth (VmRSS/VmHWM
//    from /proc/self/status, reported as counters) and time;
//  - enable 65000 VFs with no further access: time;
//  - one VF config read / write: time per access.
#include "sriov/config/ari_scale_profile.h"
#include "sriov/config/device_profile.h"
#include "sriov/config/sriov_device.h"
#include "sriov/pcie/registers.h"

#include <benchmark/benchmark.h>
#include <fstream>
#include <malloc.h>
#include <stdexcept>
#include <string>
#include <systemc>

using namespace sriov;
using namespace sriov::config;

namespace {

// kB value of one /proc/self/status field (VmRSS, VmHWM).
long status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string key;
    long value = -1;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0 && line[std::string(field).size()] == ':') {
            value = std::stol(line.substr(std::string(field).size() + 1));
            break;
        }
    }
    return value;
}

// The benchmark's scale device: 65000 VFs on an ARI hierarchy, VF k at
// routing ID k + 1. The config model alone needs no root port, so the PF may
// sit on bus 0; the shipped profiles must be reachable behind one and so
// cannot reach this many VFs with this layout (profiles/large-ari.toml).
device_description large_profile() {
    device_description p = ari_scale_profile(device_description::defaults());
    p.reset_ready_ns = 0;
    p.vf_enable_ready_ns = 0;
    p.flr_ready_ns = 0;
    return p;
}

// Times after the profile's windows: the PF after reset, the VFs after VF Enable
// (written at pf_ready).
uint64_t pf_ready(const device_description& p) {
    return p.reset_ready_ns;
}
uint64_t vfs_ready(const device_description& p) {
    return p.reset_ready_ns + p.vf_enable_ready_ns;
}

void enable(sriov_device& d, const device_description& p, uint16_t n) {
    const routing_id pf = d.pf_rid();
    const uint64_t t = pf_ready(p);
    const uint16_t sriov = d.pf_layout().capability_offset(capability_kind::sriov);
    const auto ctrl = static_cast<uint16_t>(sriov + sriov_field::ctrl);
    d.write(pf, ctrl, 2, bits::sriov_ctrl_ari_capable, t);
    d.write(pf, static_cast<uint16_t>(sriov + sriov_field::num_vfs), 2, n, t);
    d.write(pf, ctrl, 2, bits::sriov_ctrl_ari_capable | bits::sriov_ctrl_vf_enable, t);
    if (d.active_vfs() != n) {
        throw std::runtime_error("bench_config: VF Enable with NumVFs " + std::to_string(n) +
                                 " was refused");
    }
}

void BM_Enable4096VfsWriteOneEach(benchmark::State& state) {
    const uint16_t n = static_cast<uint16_t>(state.range(0));
    const device_description p = large_profile();
    double growth_kb = 0, per_vf_bytes = 0;
    long hwm = 0;
    size_t materialized = 0;
    for (auto _ : state) {
        malloc_trim(0);
        const long before = status_kb("VmRSS");
        auto dev = std::make_unique<sriov_device>(p);
        enable(*dev, p, n);
        for (uint16_t k = 0; k < n; ++k) {
            dev->write(dev->vf_rid(k), reg::command, 2, bits::command_bus_master, vfs_ready(p));
        }
        const long after = status_kb("VmRSS");
        materialized = dev->materialized_vfs();
        growth_kb = static_cast<double>(after - before);
        per_vf_bytes = growth_kb * 1024.0 / static_cast<double>(n);
        hwm = status_kb("VmHWM");
        benchmark::DoNotOptimize(dev.get());
        dev.reset();
    }
    state.counters["rss_growth_MiB"] = growth_kb / 1024.0;
    state.counters["rss_per_vf_B"] = per_vf_bytes;
    state.counters["vm_hwm_MiB"] = static_cast<double>(hwm) / 1024.0;
    state.counters["materialized_vfs"] = static_cast<double>(materialized);
}
BENCHMARK(BM_Enable4096VfsWriteOneEach)->Arg(4096)->Unit(benchmark::kMillisecond);

void BM_Enable65000Vfs(benchmark::State& state) {
    const device_description p = large_profile();
    long growth = 0;
    for (auto _ : state) {
        const long before = status_kb("VmRSS");
        sriov_device dev(p); // construction (layouts + reset) is part of the cost
        enable(dev, p, ari_scale_vfs);
        benchmark::DoNotOptimize(dev.active_vfs());
        growth = status_kb("VmRSS") - before;
    }
    state.counters["rss_growth_kB"] = static_cast<double>(growth);
}
BENCHMARK(BM_Enable65000Vfs)->Unit(benchmark::kMicrosecond);

void BM_VfConfigRead(benchmark::State& state) {
    const device_description p = large_profile();
    sriov_device dev(p);
    enable(dev, p, ari_scale_vfs);
    const auto dev_ctrl = static_cast<uint16_t>(
        dev.vf_layout().capability_offset(capability_kind::pcie) + pcie_field::dev_ctrl);
    uint16_t k = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(dev.read(dev.vf_rid(k), dev_ctrl, 2, vfs_ready(p)));
        k = static_cast<uint16_t>((k + 7919) % ari_scale_vfs);
    }
}
BENCHMARK(BM_VfConfigRead);

void BM_PfConfigWrite(benchmark::State& state) {
    const device_description p = large_profile();
    sriov_device dev(p);
    uint32_t v = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            dev.write(dev.pf_rid(), reg::cache_line_size, 1, v++ & 0xFF, pf_ready(p)));
    }
}
BENCHMARK(BM_PfConfigWrite);

} // namespace

int sc_main(int argc, char* argv[]) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
