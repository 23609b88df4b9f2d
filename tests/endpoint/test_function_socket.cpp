// Function models bound to the endpoint's `functions` socket (issue 15 item
// 4), LT and AT: the user's TLM target sees each BAR access as a generic
// payload (BAR offset, data, byte enables) with a bar_access_extension naming
// the function and BAR; its annotated delay joins the completion's time, an
// error response becomes Completer Abort (read) or a dropped, counted write,
// and it raises its function's MSI-X vectors through the extension.
#include "mmio_bench.h"

#include "sriov/endpoint/bar_access_extension.h"

#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace sriov::endpoint::test_bench {
namespace {

constexpr uint64_t id_register = 0x0;         // reads `id`
constexpr uint64_t doorbell = 0x8;            // a write raises the vector written
constexpr uint64_t refusing_register = 0x100; // answers TLM_ADDRESS_ERROR_RESPONSE
constexpr uint32_t id = 0x5A17C0DE;

// A user's register model: records every access, plain memory elsewhere.
struct register_model : sc_core::sc_module {
    struct access {
        tlm::tlm_command command;
        uint64_t address;
        unsigned length;
        bytes enables; // empty: every byte enabled
        bar_access_extension ext;
    };
    tlm_utils::simple_target_socket<register_model> socket{"socket"};
    sc_core::sc_time latency{30, sc_core::SC_NS};
    std::vector<access> log;
    std::vector<msix_outcome> raised;
    std::map<uint64_t, uint8_t> memory; // (function << 48 | BAR << 40 | offset) -> byte

    explicit register_model(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        socket.register_b_transport(this, &register_model::b_transport);
    }

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        auto* ext = gp.get_extension<bar_access_extension>();
        ASSERT_NE(ext, nullptr);
        const uint8_t* be = gp.get_byte_enable_ptr();
        log.push_back({gp.get_command(), gp.get_address(), gp.get_data_length(),
                       be ? bytes(be, be + gp.get_byte_enable_length()) : bytes{}, *ext});
        delay += latency;
        uint8_t* data = gp.get_data_ptr();
        if (gp.get_address() == refusing_register) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_write() && gp.get_address() == doorbell) {
            raised.push_back(ext->raise(data[0], delay));
        }
        const uint64_t key = uint64_t{ext->function.value} << 48 | uint64_t{ext->bar} << 40;
        for (unsigned i = 0; i < gp.get_data_length(); ++i) {
            const uint64_t at = gp.get_address() + i;
            if (gp.is_read()) {
                data[i] = at < 4 ? static_cast<uint8_t>(id >> (8 * at)) : memory[key | at];
            } else if (be == nullptr || be[i % gp.get_byte_enable_length()] != 0) {
                memory[key | at] = data[i];
            }
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

std::unique_ptr<register_model> lt_model, at_model;
std::unique_ptr<bench> lt_bench, at_bench;

class FunctionModel : public ::testing::TestWithParam<coding_style> {
protected:
    bool lt() const { return GetParam() == coding_style::lt; }
    bench& b() { return lt() ? *lt_bench : *at_bench; }
    register_model& model() { return lt() ? *lt_model : *at_model; }
};

uint32_t read32(bench& bb, uint64_t address, tlm::tlm_response_status expected) {
    bytes d(4, 0);
    EXPECT_EQ(bb.access(false, address, d), expected);
    return uint32_t{d[0]} | uint32_t{d[1]} << 8 | uint32_t{d[2]} << 16 | uint32_t{d[3]} << 24;
}

TEST_P(FunctionModel, TargetSeesOffsetFunctionAndBar) {
    bench& bb = b();
    register_model& m = model();
    bb.run([&] {
        bb.program();
        m.log.clear();
        const uint64_t vf1 = vf_bar0 + 1 * vf_aperture;
        bb.write32(vf1 + 0x10, 0xCAFEF00D);
        EXPECT_EQ(read32(bb, vf1 + 0x10, tlm::TLM_OK_RESPONSE), 0xCAFEF00Du);
        EXPECT_EQ(read32(bb, vf1 + id_register, tlm::TLM_OK_RESPONSE), id);
        EXPECT_EQ(read32(bb, vf_bar0 + 0x10, tlm::TLM_OK_RESPONSE), 0u); // VF 0's register
        EXPECT_EQ(read32(bb, pf_bar0 + 0x20, tlm::TLM_OK_RESPONSE), 0u);
        ASSERT_EQ(m.log.size(), 5u);
        const auto& w = m.log[0];
        EXPECT_EQ(w.command, tlm::TLM_WRITE_COMMAND);
        EXPECT_EQ(w.address, 0x10u);
        EXPECT_EQ(w.length, 4u);
        EXPECT_TRUE(w.enables.empty());
        EXPECT_EQ(w.ext.function, bb.top.device.vf_rid(1));
        EXPECT_EQ(w.ext.pf_index, 0u);
        EXPECT_EQ(w.ext.vf_index, std::optional<uint16_t>(1));
        EXPECT_EQ(w.ext.bar, 0u);
        EXPECT_EQ(w.ext.window_base, vf1);
        EXPECT_EQ(m.log[3].ext.function, bb.top.device.vf_rid(0));
        const auto& pf = m.log[4];
        EXPECT_EQ(pf.command, tlm::TLM_READ_COMMAND);
        EXPECT_EQ(pf.ext.function, bb.top.device.pf_rid());
        EXPECT_EQ(pf.ext.vf_index, std::nullopt);
        EXPECT_EQ(pf.ext.window_base, pf_bar0);
        // The MSI-X Table is the endpoint's, not the model's.
        bb.write32(vf_bar3 + 1 * vf_aperture, 0xFEE00000);
        EXPECT_EQ(m.log.size(), 5u);
    });
}

TEST_P(FunctionModel, PartialAccessesCarryByteEnables) {
    bench& bb = b();
    register_model& m = model();
    bb.run([&] {
        bb.program();
        const uint64_t reg = vf_bar0 + 2 * vf_aperture + 0x20;
        bb.write32(reg, 0x44332211);
        m.log.clear();
        bytes two{0xAA, 0xBB};
        EXPECT_EQ(bb.access(true, reg + 1, two), tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(m.log.size(), 1u);
        EXPECT_EQ(m.log[0].address, 0x20u); // the DW, its bytes 1 and 2 enabled
        EXPECT_EQ(m.log[0].length, 4u);
        EXPECT_EQ(m.log[0].enables, (bytes{TLM_BYTE_DISABLED, TLM_BYTE_ENABLED, TLM_BYTE_ENABLED,
                                           TLM_BYTE_DISABLED}));
        EXPECT_EQ(read32(bb, reg, tlm::TLM_OK_RESPONSE), 0x44BBAA11u);
        // A 2-byte read: the DW with its bytes 1 and 2 enabled, all 4 returned.
        bytes back(2, 0);
        EXPECT_EQ(bb.access(false, reg + 1, back), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(back, (bytes{0xAA, 0xBB}));
        EXPECT_EQ(m.log.back().command, tlm::TLM_READ_COMMAND);
        EXPECT_EQ(m.log.back().address, 0x20u);
        EXPECT_EQ(m.log.back().length, 4u);
        EXPECT_EQ(m.log.back().enables, (bytes{TLM_BYTE_DISABLED, TLM_BYTE_ENABLED,
                                               TLM_BYTE_ENABLED, TLM_BYTE_DISABLED}));
        EXPECT_TRUE(m.log[1].enables.empty()); // a whole-DW read carries none
    });
}

TEST_P(FunctionModel, TargetDelayJoinsTheCompletionTime) {
    bench& bb = b();
    register_model& m = model();
    const sc_core::sc_time req = sc_core::sc_time(150, sc_core::SC_NS); // 150 cycles at 1 GHz
    const sc_core::sc_time proc = bb.top.ep.processing_time();
    bb.run([&] {
        bb.program();
        bytes data(4, 0);
        sc_core::sc_time took;
        EXPECT_EQ(bb.access(false, vf_bar0 + 0x30, data, &took), tlm::TLM_OK_RESPONSE);
        // MRd64 down (16 bytes), the model's latency, CplD up (12 + 4).
        EXPECT_EQ(took, req + on_link(bb, link::direction::downstream, 16) + m.latency + proc +
                            on_link(bb, link::direction::upstream, 16) + req);
        EXPECT_EQ(bb.access(true, vf_bar0 + 0x30, data, &took), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(took, req + on_link(bb, link::direction::downstream, 20) + m.latency + proc);
    });
}

TEST_P(FunctionModel, ErrorResponseIsCompleterAbortOrADroppedWrite) {
    bench& bb = b();
    bb.run([&] {
        bb.program();
        const uint64_t reg = vf_bar0 + 3 * vf_aperture + refusing_register;
        const uint64_t errors = bb.top.ep_mmio.function_errors();
        EXPECT_EQ(read32(bb, reg, tlm::TLM_GENERIC_ERROR_RESPONSE), 0xFFFFFFFFu); // CA
        const uint64_t refused = bb.top.ep_mmio.completer().refused_writes();
        bb.write32(reg, 1); // posted: OK for the host
        EXPECT_EQ(bb.top.ep_mmio.completer().refused_writes(), refused + 1);
        EXPECT_EQ(bb.top.ep_mmio.function_errors(), errors + 2);
    });
}

TEST_P(FunctionModel, DoorbellRaisesTheFunctionsVectorWithItsTime) {
    bench& bb = b();
    register_model& m = model();
    const sc_core::sc_time req = sc_core::sc_time(150, sc_core::SC_NS);
    bb.run([&] {
        bb.program();
        const routing_id vf1 = bb.top.device.vf_rid(1);
        const uint64_t entry0 = vf_bar3 + 1 * vf_aperture;
        bb.write32(entry0, 0xFEE00000);
        bb.write32(entry0 + 8, 0x4031);
        bb.write32(entry0 + 12, 0); // unmask vector 0
        bb.wr(vf1, dl::msix_ctrl, 2, bits::msix_ctrl_enable);
        bb.wr(vf1, reg::command, 2, bits::command_bus_master);
        m.raised.clear();
        const std::size_t before = bb.top.rc.mmio.writes().size();
        const sc_core::sc_time start = sc_core::sc_time_stamp();
        bb.write32(vf_bar0 + 1 * vf_aperture + doorbell, 0);
        ASSERT_EQ(m.raised, std::vector<msix_outcome>{msix_outcome::sent});
        ASSERT_EQ(bb.top.rc.mmio.writes().size(), before + 1);
        const root_complex::upstream_write& w = bb.top.rc.mmio.writes().back();
        EXPECT_EQ(w.address, 0xFEE00000u);
        EXPECT_EQ(w.data, 0x4031u);
        EXPECT_EQ(w.requester, vf1);
        // The MWr64 doorbell down (20 bytes), the model's latency, the MWr32 up.
        EXPECT_EQ(w.time, start + req + on_link(bb, link::direction::downstream, 20) + m.latency +
                              on_link(bb, link::direction::upstream, 16));
        // Masked: the vector pends, the model hears so.
        bb.write32(entry0 + 12, 1);
        bb.write32(vf_bar0 + 1 * vf_aperture + doorbell, 0);
        EXPECT_EQ(m.raised.back(), msix_outcome::pending);
        EXPECT_EQ(bb.top.rc.mmio.writes().size(), before + 1);
    });
}

INSTANTIATE_TEST_SUITE_P(LtAndAt, FunctionModel,
                         ::testing::Values(coding_style::lt, coding_style::at),
                         [](const auto& p) { return std::string(to_string(p.param)); });

} // namespace

void elaborate_function_models() {
    lt_model = std::make_unique<register_model>("lt_model");
    at_model = std::make_unique<register_model>("at_model");
    lt_bench = std::make_unique<bench>("lt_fn", coding_style::lt, &lt_model->socket);
    at_bench = std::make_unique<bench>("at_fn", coding_style::at, &at_model->socket);
}

} // namespace sriov::endpoint::test_bench
