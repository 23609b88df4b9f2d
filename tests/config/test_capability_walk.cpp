// Software's capability walk (sriov/pcie/capability_walk.h) against the
// model: on a device whose capabilities are not where the 82599 places them,
// walking each function's lists through config reads finds every capability
// where the model's layout put it; malformed lists end the walk.
#include "config_test_util.h"
#include "sriov/config/device_description.h"
#include "sriov/pcie/capability_walk.h"

#include <array>
#include <gtest/gtest.h>

namespace sriov::config::testing {
namespace {

device_description moved_device() {
    device_description p =
        load_device_description(SRIOV_SOURCE_DIR "/tests/config/profiles/moved-capabilities.toml");
    p.reset_ready_ns = 10;
    p.vf_enable_ready_ns = 20;
    p.flr_ready_ns = 30;
    return p;
}

// The walk's reads of `fn` through the model, counted.
struct model_reader {
    sriov_device& dev;
    routing_id fn;
    unsigned reads = 0;
    bool operator()(uint16_t off, unsigned len, uint32_t& v) {
        ++reads;
        const auto r = dev.read(fn, off, len, T);
        v = r.read_data;
        return r.status == completion_status::successful;
    }
};

uint16_t walk_std(sriov_device& d, routing_id fn, uint8_t id) {
    model_reader r{d, fn};
    return find_capability(r, id);
}
uint16_t walk_ext(sriov_device& d, routing_id fn, uint16_t id) {
    model_reader r{d, fn};
    return find_ext_capability(r, id);
}

TEST(CapabilityWalk, FindsEveryCapabilityOfAMovedLayoutWhereTheModelPutIt) {
    sriov_device dev(moved_device());
    const uint16_t sriov = dev.pf_layout().capability_offset(capability_kind::sriov);
    ASSERT_EQ(walk_ext(dev, dev.pf_rid(), ext_cap_id::sriov), sriov);
    wr(dev, dev.pf_rid(), sriov + sriov_field::num_vfs, 2, 2, T / 2);
    wr(dev, dev.pf_rid(), sriov + sriov_field::ctrl, 2, bits::sriov_ctrl_vf_enable, T / 2);
    ASSERT_EQ(dev.active_vfs(), 2u);

    const routing_id pf = dev.pf_rid();
    EXPECT_EQ(walk_std(dev, pf, cap_id::pm), 0x40);
    EXPECT_EQ(walk_std(dev, pf, cap_id::msix), 0x60);
    EXPECT_EQ(walk_std(dev, pf, cap_id::pcie), 0x80);
    EXPECT_EQ(walk_std(dev, pf, cap_id::msi), 0); // not in the list
    EXPECT_EQ(walk_ext(dev, pf, ext_cap_id::aer), 0x100);
    EXPECT_EQ(walk_ext(dev, pf, ext_cap_id::sriov), 0x200);
    EXPECT_EQ(walk_ext(dev, pf, ext_cap_id::ari), 0x240);
    EXPECT_EQ(walk_ext(dev, pf, ext_cap_id::ats), 0);
    const routing_id vf = dev.vf_rid(1);
    EXPECT_EQ(vf.value, 0x0100 + 0x110 + 3); // First VF Offset + 1 x VF Stride
    EXPECT_EQ(walk_std(dev, vf, cap_id::pcie), 0x40);
    EXPECT_EQ(walk_std(dev, vf, cap_id::msix), 0xA0);
    EXPECT_EQ(walk_std(dev, vf, cap_id::pm), 0);
    EXPECT_EQ(walk_ext(dev, vf, ext_cap_id::ari), 0x100);
    EXPECT_EQ(walk_ext(dev, vf, ext_cap_id::sriov), 0); // a VF has none (SR-IOV 3.4)
    EXPECT_EQ(walk_std(dev, pf, cap_id::pcie),
              dev.pf_layout().capability_offset(capability_kind::pcie));
    EXPECT_EQ(walk_std(dev, vf, cap_id::pcie),
              dev.vf_layout().capability_offset(capability_kind::pcie));
}

// A hand-made 4 KiB image; reads of it never fail unless `fail_at` is hit.
struct image_reader {
    std::array<uint8_t, 4096> bytes{};
    uint16_t fail_at = 0xFFFF;
    unsigned reads = 0;
    bool operator()(uint16_t off, unsigned len, uint32_t& v) {
        ++reads;
        v = 0;
        for (unsigned i = 0; i < len; ++i) {
            v |= static_cast<uint32_t>(bytes[off + i]) << (8 * i);
        }
        return off != fail_at;
    }
    void put32(uint16_t off, uint32_t v) {
        for (unsigned i = 0; i < 4; ++i) {
            bytes[off + i] = static_cast<uint8_t>(v >> (8 * i));
        }
    }
};

TEST(CapabilityWalk, MalformedListsEndTheWalk) {
    image_reader r;
    r.bytes[reg::cap_ptr] = 0x40;
    r.bytes[0x40] = cap_id::pm; // Next points at itself: a loop
    r.bytes[0x41] = 0x40;
    EXPECT_EQ(find_capability(r, cap_id::pcie), 0);
    EXPECT_EQ(r.reads, 1u + 48u); // the pointer, then at most 48 entries (Linux's TTL)

    r = image_reader{};
    r.bytes[reg::cap_ptr] = 0x40;
    r.bytes[0x40] = 0xFF; // ID 0xFF: no capability (an absent function's bytes)
    r.bytes[0x41] = 0x50;
    r.bytes[0x50] = cap_id::pcie;
    EXPECT_EQ(find_capability(r, cap_id::pcie), 0);

    r = image_reader{};
    r.bytes[reg::cap_ptr] = 0x20; // below 0x40: inside the header, no list
    EXPECT_EQ(find_capability(r, cap_id::pcie), 0);
    EXPECT_EQ(r.reads, 1u);

    r = image_reader{};
    r.put32(0x100, ext_cap_id::aer | (0x100u << ext_cap_header::next_shift)); // a loop
    EXPECT_EQ(find_ext_capability(r, ext_cap_id::sriov), 0);
    EXPECT_EQ(r.reads, (4096u - 256u) / 8u);

    r = image_reader{};
    r.put32(0x100, ext_cap_id::aer | (0x200u << ext_cap_header::next_shift));
    r.put32(0x200, ext_cap_id::sriov);
    EXPECT_EQ(find_ext_capability(r, ext_cap_id::sriov), 0x200);
    r.fail_at = 0x200; // the read of the SR-IOV header fails: not found
    EXPECT_EQ(find_ext_capability(r, ext_cap_id::sriov), 0);
}

} // namespace
} // namespace sriov::config::testing
