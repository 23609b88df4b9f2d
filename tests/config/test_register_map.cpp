// The register map of docs/config-space-map.md written out literally for the
// default (82599-like) profile, checked byte by byte against the model:
// reset values, RW masks, RW1C masks, and "every byte not listed reads 0 and
// is RO". Also the table-driven sub-DW write test over every register.
#include "config_test_util.h"
#include "default_layout.h"
#include "sriov/pcie/registers.h"

#include <array>
#include <gtest/gtest.h>

using namespace sriov;
using namespace sriov::config;
using namespace sriov::config::testing;

namespace {

struct map_row {
    uint16_t off;
    unsigned size;
    uint32_t reset;
    uint32_t rw;
    uint32_t rw1c;
};

// PF, default profile (map tables, brackets = defaults).
const map_row pf_map[] = {
    {0x00, 2, 0x8086, 0, 0},
    {0x02, 2, 0x10FB, 0, 0},
    {0x04, 2, 0x0000, 0x0547, 0},
    {0x06, 2, 0x0010, 0, 0xF900},
    {0x08, 1, 0x01, 0, 0},
    {0x09, 3, 0x020000, 0, 0},
    {0x0C, 1, 0x00, 0xFF, 0},
    {0x0D, 1, 0, 0, 0},
    {0x0E, 1, 0, 0, 0},
    {0x0F, 1, 0, 0, 0},
    {0x10, 4, 0x4, 0xFFF80000, 0},
    {0x14, 4, 0, 0xFFFFFFFF, 0}, // BAR0/1 mem64 512K
    {0x18, 4, 0x1, 0xFFFFFFE0, 0},
    {0x1C, 4, 0, 0, 0}, // BAR2 io 32, BAR3 none
    {0x20, 4, 0x4, 0xFFFFC000, 0},
    {0x24, 4, 0, 0xFFFFFFFF, 0}, // BAR4/5 mem64 16K
    {0x28, 4, 0, 0, 0},
    {0x2C, 2, 0x8086, 0, 0},
    {0x2E, 2, 0x000C, 0, 0},
    {0x30, 4, 0, 0, 0},
    {0x34, 1, 0x40, 0, 0},
    {0x3C, 1, 0x00, 0xFF, 0},
    {0x3D, 1, 0x01, 0, 0},
    // PM
    {0x40, 1, 0x01, 0, 0},
    {0x41, 1, 0x50, 0, 0},
    {0x42, 2, 0x0003, 0, 0},
    {0x44, 2, 0x0008, 0x0003, 0},
    {0x46, 2, 0, 0, 0},
    // MSI-X
    {0x50, 1, 0x11, 0, 0},
    {0x51, 1, 0x70, 0, 0},
    {0x52, 2, 63, 0xC000, 0},
    {0x54, 4, 0x00000004, 0, 0},
    {0x58, 4, 0x00002004, 0, 0},
    // PCIe
    {0x70, 1, 0x10, 0, 0},
    {0x71, 1, 0x00, 0, 0},
    {0x72, 2, 0x0002, 0, 0},
    {0x74, 4, 0x10008022, 0, 0},
    {0x78, 2, 0x2810, 0x79FF, 0},
    {0x7A, 2, 0, 0, 0x000F},
    {0x7C, 4, 0x43, 0, 0},
    {0x80, 2, 0, 0x00CB, 0},
    {0x82, 2, 0x1043, 0, 0},
    {0x94, 4, 0x1F, 0, 0},
    {0x98, 2, 0, 0x001F, 0},
    {0x9C, 4, 0x0E, 0, 0},
    {0xA0, 2, 0x3, 0x000F, 0},
    // ARI
    {0x100, 4, 0x1601000E, 0, 0},
    {0x104, 2, 0, 0, 0},
    {0x106, 2, 0, 0, 0},
    // SR-IOV
    {0x160, 4, 0x00010010, 0, 0},
    {0x164, 4, 0, 0, 0},
    {0x168, 2, 0, 0x0019, 0},
    {0x16A, 2, 0, 0, 0},
    {0x16C, 2, 64, 0, 0},
    {0x16E, 2, 64, 0, 0},
    {0x170, 2, 0, 0xFFFF, 0},
    {0x172, 1, 0, 0, 0},
    {0x174, 2, 0x180, 0, 0},
    {0x176, 2, 2, 0, 0},
    {0x17A, 2, 0x10ED, 0, 0},
    {0x17C, 4, 0x553, 0, 0},
    {0x180, 4, 0x1, 0, 0}, // System Page Size: validated, see the SR-IOV tests
    {0x184, 4, 0xC, 0xFFFFC000, 0},
    {0x188, 4, 0, 0xFFFFFFFF, 0}, // VF BAR0/1
    {0x18C, 4, 0, 0, 0},
    {0x190, 4, 0xC, 0xFFFFC000, 0}, // VF BAR2, VF BAR3
    {0x194, 4, 0, 0xFFFFFFFF, 0},
    {0x198, 4, 0, 0, 0},
    {0x19C, 4, 0, 0, 0},
};

// VF, default profile.
const map_row vf_map[] = {
    {0x00, 2, 0xFFFF, 0, 0},      {0x02, 2, 0xFFFF, 0, 0},     {0x04, 2, 0x0000, 0x0004, 0},
    {0x06, 2, 0x0010, 0, 0xF900}, {0x08, 1, 0x01, 0, 0},       {0x09, 3, 0x020000, 0, 0},
    {0x2C, 2, 0x8086, 0, 0},      {0x2E, 2, 0x000C, 0, 0},     {0x34, 1, 0x50, 0, 0},
    {0x50, 1, 0x11, 0, 0},        {0x51, 1, 0x70, 0, 0},       {0x52, 2, 2, 0xC000, 0},
    {0x54, 4, 0x00000003, 0, 0},  {0x58, 4, 0x00002003, 0, 0}, {0x70, 1, 0x10, 0, 0},
    {0x71, 1, 0x00, 0, 0},        {0x72, 2, 0x0002, 0, 0},     {0x74, 4, 0x10008022, 0, 0},
    {0x78, 2, 0x0000, 0, 0},      {0x7A, 2, 0, 0, 0x000F},     {0x7C, 4, 0x43, 0, 0},
    {0x82, 2, 0x0000, 0, 0},      {0x94, 4, 0x1F, 0, 0},       {0x9C, 4, 0x0E, 0, 0},
    {0x100, 4, 0x0001000E, 0, 0},
};

struct byte_map {
    std::array<uint8_t, 4096> reset{}, rw{}, rw1c{};
};

template <size_t N>
byte_map expand(const map_row (&rows)[N]) {
    byte_map m;
    for (const auto& r : rows) {
        for (unsigned i = 0; i < r.size; ++i) {
            m.reset[r.off + i] = static_cast<uint8_t>(r.reset >> (8 * i));
            m.rw[r.off + i] = static_cast<uint8_t>(r.rw >> (8 * i));
            m.rw1c[r.off + i] = static_cast<uint8_t>(r.rw1c >> (8 * i));
        }
    }
    return m;
}

uint32_t dw(const std::array<uint8_t, 4096>& a, unsigned d) {
    return uint32_t{a[4 * d]} | uint32_t{a[4 * d + 1]} << 8 | uint32_t{a[4 * d + 2]} << 16 |
           uint32_t{a[4 * d + 3]} << 24;
}

// DWs whose writes have side effects beyond the masks; tested on their own.
bool special_dw(unsigned d, bool vf) {
    const unsigned off = 4 * d;
    if (off == default_layout::dev_ctrl) { // Initiate FLR
        return true;
    }
    return !vf &&
           (off == default_layout::pmcsr || off == default_layout::sriov_ctrl ||
            off == default_layout::sriov_num_vfs || off == default_layout::sriov_system_page_size);
}

std::unique_ptr<sriov_device> fresh(bool vf_side) {
    auto d = std::make_unique<sriov_device>(fast_profile());
    if (vf_side) {
        enable_vfs(*d, 4);
    }
    return d;
}

void check_every_dw(bool vf_side, const byte_map& m) {
    for (unsigned d = 0; d < 1024; ++d) {
        auto dev = fresh(vf_side);
        const routing_id fn = vf_side ? dev->vf_rid(1) : dev->pf_rid();
        const uint16_t off = static_cast<uint16_t>(4 * d);
        const uint32_t reset = dw(m.reset, d);
        const uint32_t rw = dw(m.rw, d);
        ASSERT_EQ(rd(*dev, fn, off, 4), reset)
            << (vf_side ? "VF" : "PF") << " reset @0x" << std::hex << off;
        if (special_dw(d, vf_side)) {
            continue;
        }
        wr(*dev, fn, off, 4, 0xFFFFFFFF);
        // RW bits take the 1s, RW1C bits (0 at reset) stay 0, everything else keeps its value.
        EXPECT_EQ(rd(*dev, fn, off, 4), (reset & ~rw) | rw)
            << (vf_side ? "VF" : "PF") << " all-ones write @0x" << std::hex << off;
        wr(*dev, fn, off, 4, 0);
        EXPECT_EQ(rd(*dev, fn, off, 4), reset & ~rw)
            << (vf_side ? "VF" : "PF") << " zero write @0x" << std::hex << off;
    }
}

} // namespace

TEST(ConfigRegisterMap, PfEveryDwMatchesTheMap) {
    check_every_dw(false, expand(pf_map));
}

TEST(ConfigRegisterMap, VfEveryDwMatchesTheMap) {
    check_every_dw(true, expand(vf_map));
}

TEST(ConfigRegisterMap, LayoutMasksMatchTheMap) {
    sriov_device dev(fast_profile());
    const auto pf = expand(pf_map);
    const auto vf = expand(vf_map);
    for (uint16_t o = 0; o < 4096; ++o) {
        ASSERT_EQ(dev.pf_layout().reset_byte(o), pf.reset[o]) << "PF byte 0x" << std::hex << o;
        ASSERT_EQ(dev.vf_layout().reset_byte(o), vf.reset[o]) << "VF byte 0x" << std::hex << o;
        ASSERT_EQ(dev.pf_layout().rw1c_byte(o), pf.rw1c[o]) << "PF byte 0x" << std::hex << o;
        ASSERT_EQ(dev.vf_layout().rw1c_byte(o), vf.rw1c[o]) << "VF byte 0x" << std::hex << o;
        ASSERT_EQ(dev.vf_layout().rw_byte(o), vf.rw[o]) << "VF byte 0x" << std::hex << o;
        if (o < 0x180 || o >= 0x184) { // System Page Size: validated by its hook
            ASSERT_EQ(dev.pf_layout().rw_byte(o), pf.rw[o]) << "PF byte 0x" << std::hex << o;
        }
        ASSERT_EQ(dev.pf_layout().rw_byte(o) & dev.pf_layout().rw1c_byte(o), 0);
    }
}

TEST(ConfigRegisterMap, EveryRegisterHasNameAndAttribute) {
    sriov_device dev(fast_profile());
    for (const auto* l : {&dev.pf_layout(), &dev.vf_layout()}) {
        for (const auto& r : l->registers()) {
            EXPECT_FALSE(r.name.empty());
            EXPECT_NE(std::string(to_string(r.attr)), "?");
            if (r.rw_mask == 0 && r.rw1c_mask == 0) {
                EXPECT_TRUE(r.attr != reg_attr::rw && r.attr != reg_attr::rw1c) << r.name;
            }
        }
    }
    ASSERT_NE(dev.pf_layout().find("sriov_ctrl"), nullptr);
    EXPECT_EQ(dev.pf_layout().find("sriov_ctrl")->offset, default_layout::sriov_ctrl);
    EXPECT_EQ(dev.vf_layout().find("sriov_ctrl"), nullptr);
}

TEST(ConfigRegisterMap, LayoutRejectsOverlapsAndBadMasks) {
    register_layout l;
    register_def a;
    a.name = "a";
    a.offset = 0x10;
    a.width = 2;
    l.add(a);
    register_def b = a;
    b.name = "b";
    b.offset = 0x11;
    EXPECT_THROW(l.add(b), std::logic_error);
    register_def c = a;
    c.name = "c";
    c.offset = 0x13;
    c.width = 2; // crosses a DW
    EXPECT_THROW(l.add(c), std::logic_error);
    register_def e = a;
    e.name = "e";
    e.offset = 0x20;
    e.rw_mask = 0x3;
    e.rw1c_mask = 0x2;
    EXPECT_THROW(l.add(e), std::logic_error);
}

// 1- and 2-byte writes at every byte offset of every DW holding a register:
// only enabled bytes change (and only as their masks allow).
namespace {
void sub_dw_writes(bool vf_side) {
    const auto probe = fresh(vf_side);
    const register_layout& l = vf_side ? probe->vf_layout() : probe->pf_layout();
    std::vector<unsigned> dws;
    for (const auto& r : l.registers()) {
        if (dws.empty() || dws.back() != r.offset / 4u) {
            dws.push_back(r.offset / 4u);
        }
    }
    ASSERT_GT(dws.size(), 25u);
    for (unsigned d : dws) {
        for (unsigned len : {1u, 2u}) {
            for (unsigned b = 0; b + len <= 4; ++b) {
                for (uint32_t pattern : {0xFFFFFFFFu, 0x5AA55AA5u}) {
                    auto dev = fresh(vf_side);
                    const routing_id fn = vf_side ? dev->vf_rid(2) : dev->pf_rid();
                    const uint16_t off = static_cast<uint16_t>(4 * d + b);
                    uint32_t data = pattern & ((1u << (8 * len)) - 1u);
                    if (4 * d == default_layout::dev_ctrl) {
                        data &= ~(uint32_t{bits::dev_ctrl_initiate_flr} >> (8 * b)); // no FLR here
                    }
                    // Non-zero status bits so RW1C clearing is visible.
                    dev->hw_set_status(fn, reg::status, 0xFFFF);
                    dev->hw_set_status(fn, default_layout::dev_status, 0xFFFF);
                    const auto before = snapshot::of(*dev);
                    std::array<uint8_t, 4> old{};
                    const uint32_t old_dw = rd(*dev, fn, static_cast<uint16_t>(4 * d), 4);
                    for (unsigned i = 0; i < 4; ++i) {
                        old[i] = static_cast<uint8_t>(old_dw >> (8 * i));
                    }
                    {
                        // PowerState 1/2 and bad page sizes warn; their rules have own tests.
                        sriov::test::sc_report_expectation any("sriov/config", -1);
                        wr(*dev, fn, off, len, data);
                    }
                    const auto after = snapshot::of(*dev);
                    // Every other DW of every function is unchanged...
                    for (const auto& [rid, dws_before] : before.functions) {
                        auto it = after.functions.find(rid);
                        ASSERT_NE(it, after.functions.end());
                        for (unsigned x = 0; x < 1024; ++x) {
                            if (rid == fn.value && x == d) {
                                continue;
                            }
                            ASSERT_EQ(it->second[x], dws_before[x])
                                << "write of " << len << " byte(s) at 0x" << std::hex << off
                                << " changed DW 0x" << 4 * x;
                        }
                    }
                    // ...and inside the DW only the enabled bytes changed.
                    const uint32_t new_dw = after.functions.at(fn.value)[d];
                    const register_def* r0 = l.at(off);
                    const bool hooked = r0 != nullptr && r0->on_write;
                    for (unsigned i = 0; i < 4; ++i) {
                        const uint8_t nb = static_cast<uint8_t>(new_dw >> (8 * i));
                        const uint16_t o = static_cast<uint16_t>(4 * d + i);
                        if (i < b || i >= b + len) {
                            EXPECT_EQ(nb, old[i]) << "neighbour byte 0x" << std::hex << o
                                                  << " clobbered by write at 0x" << off;
                        } else if (!hooked) {
                            const uint8_t db = static_cast<uint8_t>(data >> (8 * (i - b)));
                            const uint8_t m_rw = l.rw_byte(o), m_c = l.rw1c_byte(o);
                            const uint8_t expect = static_cast<uint8_t>(
                                (old[i] & ~m_rw & ~m_c) | (db & m_rw) | (old[i] & m_c & ~db));
                            EXPECT_EQ(nb, expect) << "byte 0x" << std::hex << o;
                        }
                    }
                }
            }
        }
    }
}
TEST(RegisterLayout, WrittenDwTakesRwAndClearsRw1cOnOnes) {
    register_layout l;
    l.add({"status", 4, 4, 0, 0x000000FF, 0xFF000000, reg_attr::rw1c, 0, 0, {}, {}});
    const uint32_t old = 0xF0000055;
    EXPECT_EQ(l.written_dw(1, old, 0xF, 0x300000AA), 0xC00000AAu); // RW taken, ones cleared
    EXPECT_EQ(l.written_dw(1, old, 0x1, 0xFF0000AA), 0xF00000AAu); // byte 3 not enabled
    EXPECT_EQ(l.written_dw(1, old, 0x0, 0xFFFFFFFF), old);
}

} // namespace

TEST(ConfigRegisterMap, PfSubDwWritesTouchOnlyEnabledBytes) {
    sub_dw_writes(false);
}

TEST(ConfigRegisterMap, VfSubDwWritesTouchOnlyEnabledBytes) {
    sub_dw_writes(true);
}
