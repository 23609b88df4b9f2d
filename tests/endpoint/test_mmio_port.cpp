// mmio_port (LT): host memory accesses to PF and VF BARs of the built-in
// device become memory TLPs answered by the endpoint's functions, with the
// link time of each TLP; MSI-X messages a function raises arrive upstream.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/endpoint/mmio_port.h"
#include "sriov/endpoint/sriov_endpoint.h"

#include <gtest/gtest.h>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace sriov::endpoint {
namespace {

using bytes = std::vector<uint8_t>;
using config::sriov_device;
namespace dl = default_layout;

constexpr uint64_t pf_bar0 = 0xFE000000;
constexpr uint64_t vf_bar0 = 0x200000000ull;
constexpr uint64_t vf_bar3 = 0xFD000000; // VF MSI-X table + 0, PBA + 0x2000
constexpr uint64_t vf_aperture = 0x4000;
constexpr uint64_t T = 1'000'000; // ns: after every readiness window

struct host : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<host> to_mmio{"to_mmio"};
    tlm_utils::simple_initiator_socket<host> to_endpoint{"to_endpoint"}; // config path, unused
    explicit host(sc_core::sc_module_name n) : sc_core::sc_module(n) {}

    tlm::tlm_response_status access(bool write, uint64_t address, bytes& data,
                                    sc_core::sc_time& delay) {
        tlm::tlm_generic_payload gp;
        gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        gp.set_address(address);
        gp.set_data_ptr(data.data());
        gp.set_data_length(static_cast<unsigned>(data.size()));
        gp.set_streaming_width(static_cast<unsigned>(data.size()));
        to_mmio->b_transport(gp, delay);
        return gp.get_response_status();
    }
};

struct interrupt_sink : sc_core::sc_module {
    tlm_utils::simple_target_socket<interrupt_sink> in{"in"};
    struct message {
        uint64_t address;
        uint32_t data;
        sc_core::sc_time delay;
    };
    std::vector<message> received;
    explicit interrupt_sink(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        in.register_b_transport(this, &interrupt_sink::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        uint32_t v = 0;
        for (unsigned i = 0; i < gp.get_data_length(); ++i) {
            v |= uint32_t{gp.get_data_ptr()[i]} << (8 * i);
        }
        received.push_back({gp.get_address(), v, delay});
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

link::link_config gen3x4() {
    link::link_config c;
    c.gen = link::generation::gen3;
    c.width = 4;
    return c;
}

struct bench {
    sriov_device device{config::testing::fast_profile()};
    sriov_endpoint ep{"ep", device};
    mmio_port port{"mmio", ep, gen3x4()};
    host cpu{"cpu"};
    interrupt_sink sink{"sink"};
    bench() {
        cpu.to_mmio.bind(port.mmio);
        cpu.to_endpoint.bind(ep.port);
        port.upstream.bind(sink.in);
    }
};
std::unique_ptr<bench> b;

void wr(routing_id fn, uint16_t offset, unsigned len, uint32_t v, uint64_t now = T) {
    ASSERT_EQ(b->device.write(fn, offset, len, v, now).status, completion_status::successful);
}

// PF BAR0 at FE00_0000, VF BAR0 at 2_0000_0000, VF BAR3 at FD00_0000, 4 VFs.
void program() {
    static bool done = false;
    if (done) {
        return;
    }
    done = true;
    const routing_id pf = b->device.pf_rid();
    wr(pf, reg::bar(0), 4, static_cast<uint32_t>(pf_bar0));
    wr(pf, reg::bar(1), 4, 0);
    wr(pf, reg::command, 2, bits::command_mem);
    wr(pf, dl::sriov_vf_bar(0), 4, 0);
    wr(pf, dl::sriov_vf_bar(1), 4, static_cast<uint32_t>(vf_bar0 >> 32));
    wr(pf, dl::sriov_vf_bar(3), 4, static_cast<uint32_t>(vf_bar3));
    wr(pf, dl::sriov_vf_bar(4), 4, 0);
    wr(pf, dl::sriov_num_vfs, 2, 4);
    wr(pf, dl::sriov_ctrl, 2, bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse);
}

sc_core::sc_time ps(uint64_t v) {
    return sc_core::sc_time(static_cast<double>(v), sc_core::SC_PS);
}

TEST(MmioPort, VfRegisterRoundTripWithLinkTime) {
    program();
    const link::link_config l = gen3x4();
    const sc_core::sc_time proc = b->ep.processing_time();
    bytes data{0x78, 0x56, 0x34, 0x12};
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    const uint64_t reg = vf_bar0 + 1 * vf_aperture + 0x10; // VF 1, 64-bit address: 4 DW
    EXPECT_EQ(b->cpu.access(true, reg, data, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(delay, ps(link::tlp_latency_ps(l, link::direction::downstream, 20)) + proc);
    bytes back(4, 0);
    delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.access(false, reg, back, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(back, data);
    // MRd64 down (16 bytes), CplD up (12 + 4).
    EXPECT_EQ(delay, ps(link::tlp_latency_ps(l, link::direction::downstream, 16)) + proc +
                         ps(link::tlp_latency_ps(l, link::direction::upstream, 16)));
    bytes other(4, 0xFF);
    delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.access(false, vf_bar0 + 0x10, other, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(other, (bytes{0, 0, 0, 0})); // VF 0's register
}

TEST(MmioPort, LongAccessesSplitIntoSeveralTlps) {
    program();
    bytes data(600);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<uint8_t>(i * 3);
    }
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.access(true, pf_bar0 + 0x103, data, delay), tlm::TLM_OK_RESPONSE);
    bytes back(600, 0);
    EXPECT_EQ(b->cpu.access(false, pf_bar0 + 0x103, back, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(back, data);
}

TEST(MmioPort, AtRequestCompletesInItsCall) {
    program();
    bytes data{1, 2, 3, 4};
    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_WRITE_COMMAND);
    gp.set_address(pf_bar0 + 0x40);
    gp.set_data_ptr(data.data());
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    tlm::tlm_phase phase = tlm::BEGIN_REQ;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.to_mmio->nb_transport_fw(gp, phase, delay), tlm::TLM_COMPLETED);
    EXPECT_EQ(phase, tlm::END_RESP);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_GT(delay, sc_core::SC_ZERO_TIME);
    bytes back(4, 0);
    EXPECT_EQ(b->cpu.access(false, pf_bar0 + 0x40, back, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(back, data);
}

TEST(MmioPort, UnclaimedAndRefusedAccesses) {
    program();
    bytes data(4, 0);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.access(false, 0xFB000000, data, delay), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b->cpu.access(true, vf_bar0 + 4 * vf_aperture, data, delay),
              tlm::TLM_ADDRESS_ERROR_RESPONSE); // past NumVFs
    bytes empty;
    EXPECT_EQ(b->cpu.access(false, pf_bar0, empty, delay), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

void mmio_write32(uint64_t address, uint32_t v) {
    bytes d{static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
            static_cast<uint8_t>(v >> 24)};
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    ASSERT_EQ(b->cpu.access(true, address, d, delay), tlm::TLM_OK_RESPONSE);
}

TEST(MmioPort, MsixMessageReachesTheHostAndPendsWhileMasked) {
    program();
    const routing_id vf2 = b->device.vf_rid(2);
    const uint64_t entry0 = vf_bar3 + 2 * vf_aperture;
    mmio_write32(entry0, 0xFEE00000);
    mmio_write32(entry0 + 8, 0x4022);
    mmio_write32(entry0 + 12, 0); // unmask vector 0
    // MSI-X Enable in the VF's Message Control, but no Bus Master Enable yet.
    wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable, 2 * T);
    EXPECT_EQ(b->port.raise(vf2, 0), msix_outcome::sent);
    EXPECT_EQ(b->port.messages_blocked(), 1u);
    EXPECT_TRUE(b->sink.received.empty());
    wr(vf2, reg::command, 2, bits::command_bus_master, 2 * T);
    EXPECT_EQ(b->port.raise(vf2, 0), msix_outcome::sent);
    ASSERT_EQ(b->sink.received.size(), 1u);
    EXPECT_EQ(b->sink.received[0].address, 0xFEE00000u);
    EXPECT_EQ(b->sink.received[0].data, 0x4022u);
    // MWr32 of 1 DW upstream: 16 bytes.
    EXPECT_EQ(b->sink.received[0].delay,
              ps(link::tlp_latency_ps(gen3x4(), link::direction::upstream, 16)));
    // Function Mask: the vector pends; clearing it lets the message go at the
    // next access of the port (here the PBA read, which then reads 0).
    wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable | bits::msix_ctrl_function_mask, 2 * T);
    EXPECT_EQ(b->port.raise(vf2, 0), msix_outcome::pending);
    wr(vf2, dl::msix_ctrl, 2, bits::msix_ctrl_enable, 2 * T);
    bytes pba(8, 0xFF);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    EXPECT_EQ(b->cpu.access(false, entry0 + 0x2000, pba, delay), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(pba, bytes(8, 0));
    EXPECT_EQ(b->sink.received.size(), 2u);
}

} // namespace
} // namespace sriov::endpoint

namespace sriov::test {
void elaborate() {
    sriov::endpoint::b = std::make_unique<sriov::endpoint::bench>();
}
} // namespace sriov::test
