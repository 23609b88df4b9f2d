// The data-path bench of the endpoint's SystemC tests: a platform (root
// complex, link, endpoint) in LT or AT, a host CPU on rc.ecam, a socket on
// rc.mmio.host, and the device programmed with PF and VF BARs and 4 VFs.
#pragma once

#include "config_test_util.h"
#include "default_layout.h"
#include "host_job_runner.h"
#include "sriov/link/link_timing.h"
#include "sriov/tb/platform.h"

#include <functional>
#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace sriov::endpoint::test_bench {

using bytes = std::vector<uint8_t>;
using root_complex::coding_style;
namespace dl = ::sriov::default_layout;

constexpr uint64_t pf_bar0 = 0xFE000000;
constexpr uint64_t vf_bar0 = 0x200000000ull;
constexpr uint64_t vf_bar3 = 0xFD000000; // VF MSI-X table + 0, PBA + 0x2000
constexpr uint64_t vf_aperture = 0x4000;

// The memory TLPs the link carries downstream.
struct request_log : link::tlp_observer {
    std::vector<mem_tlp> down;
    std::vector<uint32_t> cpld_bytes; // upstream: each CplD's payload
    std::vector<uint16_t> tags;       // every request downstream, config and memory
    void on_tlp(uint64_t, link::direction dir, const tlp& t) override {
        if (dir == link::direction::downstream) {
            tags.push_back(t.tag);
        }
    }
    void on_mem_tlp(uint64_t, link::direction dir, const mem_tlp& t) override {
        if (dir == link::direction::downstream) {
            down.push_back(t);
            tags.push_back(t.tag);
        } else if (t.type == mem_tlp_type::cpl_d) {
            cpld_bytes.push_back(4u * t.length_dw);
        }
    }
};

struct bench : test::host_job_runner {
    tb::platform top;
    tlm_utils::simple_initiator_socket<bench> mmio{"mmio"};
    request_log log;

    // `model`: a function model bound to the endpoint's `functions` socket.
    bench(sc_core::sc_module_name n, coding_style mode, tlm::tlm_target_socket<>* model = nullptr)
        : test::host_job_runner(n), top("top", platform_config(mode)) {
        cpu.socket.bind(top.rc.ecam);
        mmio.bind(top.rc.mmio.host);
        top.link.add_observer(&log);
        if (model != nullptr) {
            top.ep_mmio.functions.bind(*model);
        }
    }
    static tb::platform_config platform_config(coding_style mode) {
        tb::platform_config cfg;
        cfg.profile = config::testing::fast_profile();
        cfg.rc.mode = mode;
        return cfg;
    }
    // Runs `j` in the bench's thread and simulates until nothing is left to do.
    void run(std::function<void()> j) {
        start([j](tb::host_cpu&) { j(); });
        sc_core::sc_start();
        ASSERT_TRUE(done()) << "the job did not finish";
    }
    // One access from the thread; the time it took (annotated + waited);
    // TLM byte enables `be` (0xFF: byte taking part) when given.
    tlm::tlm_response_status access(bool write, uint64_t address, bytes& data,
                                    sc_core::sc_time* took = nullptr, bytes* be = nullptr) {
        tlm::tlm_generic_payload gp;
        gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(address);
        gp.set_data_ptr(data.data());
        gp.set_data_length(static_cast<unsigned>(data.size()));
        gp.set_streaming_width(static_cast<unsigned>(data.size()));
        if (be != nullptr) {
            gp.set_byte_enable_ptr(be->data());
            gp.set_byte_enable_length(static_cast<unsigned>(be->size()));
        }
        const sc_core::sc_time start = sc_core::sc_time_stamp();
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        mmio->b_transport(gp, delay);
        if (took != nullptr) {
            *took = sc_core::sc_time_stamp() - start + delay;
        }
        sc_core::wait(delay);
        return gp.get_response_status();
    }
    tlm::tlm_response_status masked(bool write, uint64_t address, bytes& data, bytes be) {
        return access(write, address, data, nullptr, &be);
    }
    // Straight into the configuration model at the current time (no TLP).
    void wr(routing_id fn, uint16_t offset, unsigned len, uint32_t v) {
        const auto now = static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds() * 1e9);
        ASSERT_EQ(top.device.write(fn, offset, len, v, now).status, completion_status::successful);
    }
    // PF BAR0 at FE00_0000, VF BAR0 at 2_0000_0000, VF BAR3 at FD00_0000, 4 VFs.
    // From a job: waits past the PF's and the VFs' readiness windows.
    void program() {
        if (programmed_) {
            return;
        }
        programmed_ = true;
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
        map(bits::command_mem);
    }
    // The same again with Bus Master Enable (an FLR in an earlier test may
    // have cleared the PF's Command and BARs and removed the VFs).
    void remap() {
        program();
        map(bits::command_mem | bits::command_bus_master);
    }
    void map(uint16_t command) {
        const routing_id pf = top.device.pf_rid();
        wr(pf, reg::bar(0), 4, static_cast<uint32_t>(pf_bar0));
        wr(pf, reg::bar(1), 4, 0);
        wr(pf, reg::command, 2, command);
        wr(pf, dl::sriov_vf_bar(0), 4, 0);
        wr(pf, dl::sriov_vf_bar(1), 4, static_cast<uint32_t>(vf_bar0 >> 32));
        wr(pf, dl::sriov_vf_bar(3), 4, static_cast<uint32_t>(vf_bar3));
        wr(pf, dl::sriov_vf_bar(4), 4, 0);
        wr(pf, dl::sriov_num_vfs, 2, 4);
        wr(pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
        sc_core::wait(sc_core::sc_time(1, sc_core::SC_US));
    }
    void write32(uint64_t address, uint32_t v) {
        bytes d{static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8),
                static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
        ASSERT_EQ(access(true, address, d), tlm::TLM_OK_RESPONSE);
    }

private:
    bool programmed_ = false;
};

inline sc_core::sc_time ps(uint64_t v) {
    return sc_core::sc_time(static_cast<double>(v), sc_core::SC_PS);
}

// The link's time of a TLP of `size` header + data bytes in `dir`.
inline sc_core::sc_time on_link(const bench& b, link::direction dir, std::size_t size) {
    return ps(link::tlp_latency_ps(b.top.config().link, dir, size));
}

// Builds the benches of test_function_socket.cpp (called by elaborate()).
void elaborate_function_models();

} // namespace sriov::endpoint::test_bench
